package upstreamtest

import (
	"net/http"
	"regexp"
	"strconv"
)

func flowPK(fl *flowRec) string { return fl.PK }

func (f *Fake) flowOrdering() map[string]*orderField[*flowRec] {
	str := func(get func(*flowRec) string) *orderField[*flowRec] {
		return &orderField[*flowRec]{one: func(fl *flowRec) sortVal { return sv(get(fl)) }}
	}
	m := map[string]*orderField[*flowRec]{
		"pk":                        str(func(fl *flowRec) string { return fl.PK }),
		"policybindingmodel_ptr_id": str(func(fl *flowRec) string { return fl.PBM }),
		"name":                      str(func(fl *flowRec) string { return fl.Name }),
		"slug":                      str(func(fl *flowRec) string { return fl.Slug }),
		"title":                     str(func(fl *flowRec) string { return fl.Title }),
		"designation":               str(func(fl *flowRec) string { return fl.Designation }),
		"policy_engine_mode":        str(func(fl *flowRec) string { return fl.PolicyEngineMode }),
		"layout":                    str(func(fl *flowRec) string { return fl.Layout }),
		"denied_action":             str(func(fl *flowRec) string { return fl.DeniedAction }),
		"authentication":            str(func(fl *flowRec) string { return fl.Authentication }),
		"compatibility_mode":        {one: func(fl *flowRec) sortVal { return bv(fl.CompatibilityMode) }},
		// m2m fields: ORDER BY joins, one row per related object.
		"stages": {multi: func(fl *flowRec) []sortVal {
			var out []sortVal
			for _, b := range f.bindings {
				if b.Target == fl.PK {
					out = append(out, sv(b.Stage))
				}
			}
			return out
		}},
		"policies": {multi: func(fl *flowRec) []sortVal {
			var out []sortVal
			for _, p := range fl.Policies {
				out = append(out, sv(p.Policy))
			}
			return out
		}},
	}
	if f.cfg.modern() {
		// A real column in 2026; in 2025 the field's source is the
		// background_url property, which DRF excludes from ordering.
		m["background"] = str(func(fl *flowRec) string { return fl.Background })
	}
	return m
}

// flowQuery runs the FlowViewSet filter backends except ordering:
// search, ObjectFilter, then the filterset.
func (f *Fake) flowQuery(c *call) ([]*flowRec, *response) {
	objs := append([]*flowRec(nil), f.flows...)
	objs = searchFilter(objs, searchTerms(c.q), func(fl *flowRec) []string {
		return []string{fl.Name, fl.Slug, fl.Designation, fl.Title, fl.DeniedAction}
	})
	objs, resp := objectFilter(c.p, "flow", objs, flowPK)
	if resp != nil {
		return nil, resp
	}
	var errs fieldErrors
	uuid, hasUUID := filterUUID(c.q, "flow_uuid", &errs)
	name, hasName := filterChar(c.q, "name")
	slug, hasSlug := filterChar(c.q, "slug")
	des, hasDes := filterChoice(c.q, "designation", designations, &errs)
	den, hasDen := filterChoice(c.q, "denied_action", deniedActions, &errs)
	if !errs.empty() {
		return nil, errs.response()
	}
	out := objs[:0:0]
	for _, fl := range objs {
		if (hasUUID && fl.PK != uuid) || (hasName && fl.Name != name) || (hasSlug && fl.Slug != slug) ||
			(hasDes && fl.Designation != des) || (hasDen && fl.DeniedAction != den) {
			continue
		}
		out = append(out, fl)
	}
	return out, nil
}

// flowObject mirrors get_object: the filter backends, then the slug lookup.
func (f *Fake) flowObject(c *call) (*flowRec, *response) {
	objs, resp := f.flowQuery(c)
	if resp != nil {
		return nil, resp
	}
	for _, fl := range objs {
		if fl.Slug == c.lookup {
			return fl, nil
		}
	}
	return nil, notFoundFor("Flow")
}

// flowUnfiltered is get_object on actions with filter_backends=[].
func (f *Fake) flowUnfiltered(c *call) (*flowRec, *response) {
	if fl := f.flowBySlugLocked(c.lookup); fl != nil {
		return fl, nil
	}
	return nil, notFoundFor("Flow")
}

func (f *Fake) flowDetail(c *call) *response {
	fl, resp := f.flowObject(c)
	if resp != nil {
		return resp
	}
	switch c.method {
	case "GET":
		return jsonResponse(http.StatusOK, f.flowJSON(fl, f.buildIndex()))
	case "DELETE":
		if !c.p.has(PermDeleteFlow) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		f.deleteFlowLocked(fl)
		return noContent()
	default: // PUT, PATCH
		if !c.p.has(PermChangeFlow) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		data, resp := parseBody(c.r, c.body)
		if resp != nil {
			return resp
		}
		upd, resp := f.validateFlow(data, fl, c.method == "PATCH")
		if resp != nil {
			return resp
		}
		upd.CacheCount = 0 // post_save signal clears the flow's cached plans
		*fl = *upd
		return jsonResponse(http.StatusOK, f.flowJSON(fl, f.buildIndex()))
	}
}

func (f *Fake) flowCreate(c *call) *response {
	data, resp := parseBody(c.r, c.body)
	if resp != nil {
		return resp
	}
	fl, resp := f.validateFlow(data, nil, false)
	if resp != nil {
		return resp
	}
	n := f.nextSeq()
	fl.PK = fakeUUID("created-flow:" + strconv.Itoa(n))
	fl.PBM = fakeUUID("created-flow-pbm:" + strconv.Itoa(n))
	fl.Source = "api"
	f.addFlow(fl)
	return jsonResponse(http.StatusCreated, f.flowJSON(fl, f.buildIndex()))
}

var slugRe = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)

// validateFlow mirrors FlowSerializer validation. It returns the updated
// copy of inst (or a new record with model defaults when inst is nil).
func (f *Fake) validateFlow(data map[string]any, inst *flowRec, partial bool) (*flowRec, *response) {
	var out flowRec
	if inst != nil {
		out = *inst
		out.Policies = append([]policyRef(nil), inst.Policies...)
	} else {
		out = flowRec{Layout: "stacked", PolicyEngineMode: "any", DeniedAction: "message_continue", Authentication: "none"}
	}
	var errs fieldErrors
	get := func(k string, required bool) (any, bool) {
		v, ok := data[k]
		if !ok && required && !partial {
			errs.add(k, msgRequired)
		}
		return v, ok
	}
	text := func(k string, dst *string) {
		if v, ok := get(k, true); ok {
			if s, msg, ok := charField(v, false, 0); ok {
				*dst = s
			} else {
				errs.add(k, msg)
			}
		}
	}
	choice := func(k string, choices []string, required bool, dst *string) {
		if v, ok := get(k, required); ok {
			if s, msg, ok := choiceField(v, choices); ok {
				*dst = s
			} else {
				errs.add(k, msg)
			}
		}
	}

	text("name", &out.Name)
	if v, ok := get("slug", true); ok {
		maxLen := 0
		if !f.cfg.modern() {
			maxLen = 50
		}
		if s, msg, ok := charField(v, false, 0); !ok {
			errs.add("slug", msg)
		} else {
			valid := true
			if other := f.flowBySlugLocked(s); other != nil && (inst == nil || other.PK != inst.PK) {
				errs.add("slug", msgSlugUnique)
				valid = false
			}
			if maxLen > 0 && len([]rune(s)) > maxLen {
				errs.add("slug", "Ensure this field has no more than 50 characters.")
				valid = false
			}
			if !slugRe.MatchString(s) {
				errs.add("slug", msgSlug)
				valid = false
			}
			if valid {
				out.Slug = s
			}
		}
	}
	text("title", &out.Title)
	choice("designation", designations, true, &out.Designation)
	if f.cfg.modern() {
		if v, ok := get("background", false); ok {
			if s, msg, ok := charField(v, true, 0); ok {
				out.Background = s
			} else {
				errs.add("background", msg)
			}
		}
	}
	choice("policy_engine_mode", policyEngineModes, false, &out.PolicyEngineMode)
	if v, ok := get("compatibility_mode", false); ok {
		if b, msg, ok := boolField(v); ok {
			out.CompatibilityMode = b
		} else {
			errs.add("compatibility_mode", msg)
		}
	}
	layouts := layouts2026
	if !f.cfg.modern() {
		layouts = layouts2025
	}
	choice("layout", layouts, false, &out.Layout)
	choice("denied_action", deniedActions, false, &out.DeniedAction)
	choice("authentication", authentications, false, &out.Authentication)
	if !errs.empty() {
		return nil, errs.response()
	}
	return &out, nil
}

func (f *Fake) flowsCacheInfo(c *call) *response {
	if !c.p.has(PermViewFlowCache) {
		return detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	n := 0
	for _, fl := range f.flows {
		n += fl.CacheCount
	}
	return jsonResponse(http.StatusOK, object{{"count", n}})
}

func (f *Fake) flowsCacheClear(c *call) *response {
	// has_permission already required add_flow (POST on the flow viewset).
	if !c.p.has(PermClearFlowCache) {
		return detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	for _, fl := range f.flows {
		fl.CacheCount = 0
	}
	return noContent()
}

func (f *Fake) flowUsedBy(c *call) *response {
	fl, resp := f.flowUnfiltered(c)
	if resp != nil {
		return resp
	}
	out := []object{}
	// Reverse relations in attribute-name order: the typed stages'
	// configure_flow (SET_NULL) sort before flowstagebinding_set (CASCADE)
	// only when their model name sorts first; keep it simple and sorted.
	type entry struct {
		sortKey string
		o       object
	}
	var entries []entry
	for _, st := range f.stages {
		if st.ConfigureFlow != fl.PK || !c.p.has(permViewTypedStages) {
			continue
		}
		t := f.typeByModel[st.Model]
		entries = append(entries, entry{t.modelName() + "_set", usedByJSON(t.appLabel(), t.modelName(), st.PK, "Stage "+st.Name, "set_null")})
	}
	for _, b := range f.bindings {
		if b.Target != fl.PK || !c.p.canView("flowstagebinding", b.PK) {
			continue
		}
		entries = append(entries, entry{"flowstagebinding_set", usedByJSON("authentik_flows", "flowstagebinding", b.PK, bindingName(b), "cascade")})
	}
	for i := 1; i < len(entries); i++ { // stable insertion sort by accessor name
		for j := i; j > 0 && entries[j].sortKey < entries[j-1].sortKey; j-- {
			entries[j], entries[j-1] = entries[j-1], entries[j]
		}
	}
	for _, e := range entries {
		out = append(out, e.o)
	}
	return jsonResponse(http.StatusOK, out)
}

func (f *Fake) flowDiagram(c *call) *response {
	fl, resp := f.flowUnfiltered(c)
	if resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, object{{"diagram", f.diagram(fl, c.p)}})
}

func (f *Fake) flowExport(c *call) *response {
	fl, resp := f.flowUnfiltered(c)
	if resp != nil {
		return resp
	}
	for _, perm := range []string{PermExportFlow, PermViewFlow, PermViewBinding, PermViewStage, PermViewPolicy, PermViewPolicyBind, PermViewPrompt} {
		if !c.p.has(perm) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
	}
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+fl.Slug+`.yaml"`)
	return &response{status: http.StatusOK, header: h, body: []byte(f.exportYAML(fl))}
}

func (f *Fake) flowExecute(c *call) *response {
	fl, resp := f.flowUnfiltered(c)
	if resp != nil {
		return resp
	}
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	return jsonResponse(http.StatusOK, object{{"link", scheme + "://" + c.r.Host + "/if/flow/" + fl.Slug + "/"}})
}
