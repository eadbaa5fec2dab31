package upstreamtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// object is a JSON object that keeps its member order (like DRF's
// ReturnDict), so responses list fields in schema order.
type object []kv

// rawJSON is pre-rendered JSON embedded as is.
type rawJSON []byte

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) { return encode(o) }

// encode renders compact JSON without HTML escaping (orjson does not escape
// <, > and &). The common types are written directly; this is much faster
// than nested json.Marshaler calls for big pages.
func encode(v any) ([]byte, error) {
	buf := make([]byte, 0, 256)
	return appendJSON(buf, v)
}

func appendJSON(buf []byte, v any) ([]byte, error) {
	var err error
	switch t := v.(type) {
	case nil:
		return append(buf, "null"...), nil
	case object:
		buf = append(buf, '{')
		for i, m := range t {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, m.k)
			buf = append(buf, ':')
			if buf, err = appendJSON(buf, m.v); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	case []object:
		buf = append(buf, '[')
		for i, o := range t {
			if i > 0 {
				buf = append(buf, ',')
			}
			if buf, err = appendJSON(buf, o); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case []string:
		buf = append(buf, '[')
		for i, s := range t {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, s)
		}
		return append(buf, ']'), nil
	case []any:
		buf = append(buf, '[')
		for i, x := range t {
			if i > 0 {
				buf = append(buf, ',')
			}
			if buf, err = appendJSON(buf, x); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case rawJSON:
		return append(buf, t...), nil
	case string:
		return appendString(buf, t), nil
	case bool:
		return strconv.AppendBool(buf, t), nil
	case int:
		return strconv.AppendInt(buf, int64(t), 10), nil
	case int64:
		return strconv.AppendInt(buf, t, 10), nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return append(buf, bytes.TrimRight(b.Bytes(), "\n")...), nil
}

const hexDigits = "0123456789abcdef"

// appendString quotes s like encoding/json with HTML escaping disabled.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

func mustEncode(v any) []byte {
	b, err := encode(v)
	if err != nil {
		panic("upstreamtest: " + err.Error())
	}
	return b
}

// response is a fully rendered HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func jsonResponse(status int, v any) *response {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return &response{status: status, header: h, body: mustEncode(v)}
}

func detailResponse(status int, msg string) *response {
	return jsonResponse(status, object{{"detail", msg}})
}

func noContent() *response {
	return &response{status: http.StatusNoContent, header: http.Header{}}
}

// Messages of DRF / Django used verbatim.
const (
	msgNotAuthenticated = "Authentication credentials were not provided."
	msgTokenInvalid     = "Token invalid/expired"
	msgPermissionDenied = "You do not have permission to perform this action."
	msgNotFound         = "Not found."
	msgInvalidPage      = "Invalid page."
	msgRequired         = "This field is required."
	msgNull             = "This field may not be null."
	msgBlank            = "This field may not be blank."
	msgNotString        = "Not a valid string."
	msgNullChars        = "Null characters are not allowed."
	msgBool             = "Must be a valid boolean."
	msgInteger          = "A valid integer is required."
	msgSlug             = `Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.`
	msgSlugUnique       = "Flow with this slug already exists."
	msgUniqueTogether   = "The fields target, stage, order must make a unique set."
	msgEvaluate         = "Either evaluation on plan or evaluation on run must be enabled"
	msgFilterChoice     = "Select a valid choice. That choice is not one of the available choices."
	msgFilterUUID       = "Enter a valid UUID."
	msgFilterNumber     = "Enter a number."
)

func notFoundFor(model string) *response {
	return detailResponse(http.StatusNotFound, "No "+model+" matches the given query.")
}

// Django's default error pages (DEBUG=False, no templates).
const djangoErrorPage = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>%TITLE%</title>\n</head>\n<body>\n  <h1>%TITLE%</h1><p>%DETAILS%</p>\n</body>\n</html>\n"

func htmlPage(status int, title, details string) *response {
	body := strings.NewReplacer("%TITLE%", title, "%DETAILS%", details).Replace(djangoErrorPage)
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	return &response{status: status, header: h, body: []byte(body)}
}

func htmlNotFound() *response {
	return htmlPage(http.StatusNotFound, "Not Found", "The requested resource was not found on this server.")
}

func htmlServerError() *response {
	return htmlPage(http.StatusInternalServerError, "Server Error (500)", "")
}

// fieldErrors collects DRF validation errors in field order.
type fieldErrors struct {
	keys []string
	m    map[string][]string
}

func (e *fieldErrors) add(field, msg string) {
	if e.m == nil {
		e.m = map[string][]string{}
	}
	if _, ok := e.m[field]; !ok {
		e.keys = append(e.keys, field)
	}
	e.m[field] = append(e.m[field], msg)
}

func (e *fieldErrors) empty() bool { return len(e.keys) == 0 }

func (e *fieldErrors) response() *response {
	o := make(object, 0, len(e.keys))
	for _, k := range e.keys {
		o = append(o, kv{k, e.m[k]})
	}
	return jsonResponse(http.StatusBadRequest, o)
}

// --- serializers -----------------------------------------------------------

const defaultBackground = "/static/dist/assets/images/flow_background.jpg"

// backgroundURL mirrors Flow.background_url.
func backgroundURL(bg string) string {
	switch {
	case bg == "":
		return defaultBackground
	case strings.HasPrefix(bg, "http"), strings.HasPrefix(bg, "/static"), strings.HasPrefix(bg, "/"):
		return bg
	default:
		return "/media/public/" + bg
	}
}

// themedURLs mirrors Flow.background_themed_urls: only backgrounds with a
// %(theme)s placeholder have themed variants.
func themedURLs(bg string) any {
	u := backgroundURL(bg)
	if !strings.Contains(u, "%(theme)s") {
		return nil
	}
	return object{
		{"light", strings.ReplaceAll(u, "%(theme)s", "light")},
		{"dark", strings.ReplaceAll(u, "%(theme)s", "dark")},
	}
}

func exportURL(slug string) string { return "/api/v3/flows/instances/" + slug + "/export/" }

func (f *Fake) flowJSON(fl *flowRec, ix *index) object {
	stages := []string{}
	for _, b := range ix.byFlow[fl.PK] {
		stages = append(stages, b.Stage)
	}
	sort.Strings(stages) // m2m prefetch: not binding order, duplicates kept
	policies := []string{}
	for _, p := range fl.Policies {
		if p.Policy != "" { // group and user bindings are not counted
			policies = append(policies, p.Policy)
		}
	}
	sort.Strings(policies)
	o := object{
		{"pk", fl.PK},
		{"policybindingmodel_ptr_id", fl.PBM},
		{"name", fl.Name},
		{"slug", fl.Slug},
		{"title", fl.Title},
		{"designation", fl.Designation},
	}
	if f.cfg.modern() {
		o = append(o,
			kv{"background", fl.Background},
			kv{"background_url", backgroundURL(fl.Background)},
			kv{"background_themed_urls", themedURLs(fl.Background)},
		)
	} else {
		o = append(o, kv{"background", backgroundURL(fl.Background)})
	}
	return append(o,
		kv{"stages", stages},
		kv{"policies", policies},
		kv{"cache_count", fl.CacheCount},
		kv{"policy_engine_mode", fl.PolicyEngineMode},
		kv{"compatibility_mode", fl.CompatibilityMode},
		kv{"export_url", exportURL(fl.Slug)},
		kv{"layout", fl.Layout},
		kv{"denied_action", fl.DeniedAction},
		kv{"authentication", fl.Authentication},
	)
}

func (f *Fake) flowSetJSON(fl *flowRec) object {
	o := object{
		{"pk", fl.PK},
		{"policybindingmodel_ptr_id", fl.PBM},
		{"name", fl.Name},
		{"slug", fl.Slug},
		{"title", fl.Title},
		{"designation", fl.Designation},
	}
	if f.cfg.modern() {
		o = append(o, kv{"background_url", backgroundURL(fl.Background)})
	} else {
		o = append(o, kv{"background", backgroundURL(fl.Background)})
	}
	return append(o,
		kv{"policy_engine_mode", fl.PolicyEngineMode},
		kv{"compatibility_mode", fl.CompatibilityMode},
		kv{"export_url", exportURL(fl.Slug)},
		kv{"layout", fl.Layout},
		kv{"denied_action", fl.DeniedAction},
	)
}

func (f *Fake) stageJSON(st *stageRec, ix *index) object {
	// stage.flow_set is a join through the bindings: not permission
	// filtered, and a flow binding the stage twice appears twice.
	var flows []*flowRec
	for _, b := range ix.byStage[st.PK] {
		if fl := f.flowByPK[b.Target]; fl != nil {
			flows = append(flows, fl)
		}
	}
	sort.SliceStable(flows, func(i, j int) bool { return flows[i].PK < flows[j].PK })
	flowSet := make([]object, 0, len(flows))
	for _, fl := range flows {
		flowSet = append(flowSet, f.flowSetJSON(fl))
	}
	t := f.typeByModel[st.Model]
	return object{
		{"pk", st.PK},
		{"name", st.Name},
		{"component", t.Component},
		{"verbose_name", t.VerboseName},
		{"verbose_name_plural", t.VerboseNamePlural},
		{"meta_model_name", t.Model},
		{"flow_set", flowSet},
	}
}

// stageRaw renders a stage once per request; big binding pages embed the
// same stages (with their flow_set) many times.
func (f *Fake) stageRaw(st *stageRec, ix *index) rawJSON {
	if r, ok := ix.stageCache[st.PK]; ok {
		return r
	}
	r := rawJSON(mustEncode(f.stageJSON(st, ix)))
	ix.stageCache[st.PK] = r
	return r
}

func (f *Fake) bindingJSON(b *bindingRec, ix *index) object {
	return object{
		{"pk", b.PK},
		{"policybindingmodel_ptr_id", b.PBM},
		{"target", b.Target},
		{"stage", b.Stage},
		{"stage_obj", f.stageRaw(f.stageByPK[b.Stage], ix)},
		{"evaluate_on_plan", b.EvaluateOnPlan},
		{"re_evaluate_policies", b.ReEvaluatePolicies},
		{"order", b.Order},
		{"policy_engine_mode", b.PolicyEngineMode},
		{"invalid_response_action", b.InvalidResponseAction},
	}
}

func (f *Fake) typesJSON() []object {
	ts := make([]*stageType, len(f.types))
	copy(ts, f.types)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].VerboseName < ts[j].VerboseName })
	out := make([]object, 0, len(ts))
	for _, t := range ts {
		o := object{
			{"name", t.VerboseName},
			{"description", t.Description},
			{"component", t.Component},
			{"model_name", t.modelName()},
			{"requires_enterprise", t.RequiresEnterprise},
		}
		if f.cfg.modern() {
			o = append(o, kv{"deprecated", t.Deprecated})
		}
		out = append(out, o)
	}
	return out
}

func usedByJSON(app, model, pk, name, action string) object {
	return object{{"app", app}, {"model_name", model}, {"pk", pk}, {"name", name}, {"action", action}}
}

func bindingName(b *bindingRec) string {
	// FlowStageBinding.__str__ uses target_id, the flow's uuid.
	return "Flow-stage binding #" + strconv.Itoa(b.Order) + " to " + b.Target
}
