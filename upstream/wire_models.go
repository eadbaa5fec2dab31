package upstream

import "fmt"

// Hand-written decoders of the models every query shape reads (see
// wire.go for the semantics they keep). Each model's member names are
// listed once; a name is matched exactly by a switch, else by folding.

// members reads an object's members into one model: for each member, the
// index of its name in names (-1 when unknown) is passed to field, which
// reads the value. It returns false for null (the model left as it was)
// and for a value of another kind (a saved type error).
func (w *wire) members(what string, names []string, exact func([]byte) int, field func(w *wire, i int) error) (bool, error) {
	ok, err := w.openObject(what)
	if !ok || err != nil {
		return false, err
	}
	for {
		more, err := w.more()
		if err != nil || !more {
			return true, err
		}
		k, err := w.name()
		if err != nil {
			return true, err
		}
		i := exact(k)
		if i < 0 {
			i = foldMatch(k, names)
		}
		if i < 0 {
			err = w.skip()
		} else {
			err = field(w, i)
		}
		if err != nil {
			return true, err
		}
	}
}

var flowNames = []string{
	"pk", "policybindingmodel_ptr_id", "name", "slug", "title", "designation", "background", "background_url",
	"background_themed_urls", "stages", "policies", "cache_count", "policy_engine_mode", "compatibility_mode",
	"export_url", "layout", "denied_action", "authentication",
}

func flowName(k []byte) int {
	switch string(k) {
	case "pk":
		return 0
	case "policybindingmodel_ptr_id":
		return 1
	case "name":
		return 2
	case "slug":
		return 3
	case "title":
		return 4
	case "designation":
		return 5
	case "background":
		return 6
	case "background_url":
		return 7
	case "background_themed_urls":
		return 8
	case "stages":
		return 9
	case "policies":
		return 10
	case "cache_count":
		return 11
	case "policy_engine_mode":
		return 12
	case "compatibility_mode":
		return 13
	case "export_url":
		return 14
	case "layout":
		return 15
	case "denied_action":
		return 16
	case "authentication":
		return 17
	}
	return -1
}

func (f *Flow) decodeWire(w *wire) error {
	_, err := w.members("a Flow", flowNames, flowName, func(w *wire, i int) error {
		switch i {
		case 0:
			return w.str(&f.PK, "pk")
		case 1:
			return w.str(&f.PolicyBindingModelPtrID, "policybindingmodel_ptr_id")
		case 2:
			return w.str(&f.Name, "name")
		case 3:
			return w.str(&f.Slug, "slug")
		case 4:
			return w.str(&f.Title, "title")
		case 5:
			return w.str(&f.Designation, "designation")
		case 6:
			return w.str(&f.Background, "background")
		case 7:
			return w.strPtr(&f.BackgroundURLField, "background_url")
		case 8:
			return decodePtr(w, &f.BackgroundThemedURLs, "background_themed_urls")
		case 9:
			return w.strSlice(&f.Stages, "stages")
		case 10:
			return w.strSlice(&f.Policies, "policies")
		case 11:
			return w.integer(&f.CacheCount, "cache_count")
		case 12:
			return w.str(&f.PolicyEngineMode, "policy_engine_mode")
		case 13:
			return w.boolean(&f.CompatibilityMode, "compatibility_mode")
		case 14:
			return w.str(&f.ExportURL, "export_url")
		case 15:
			return w.str(&f.Layout, "layout")
		case 16:
			return w.str(&f.DeniedAction, "denied_action")
		default:
			return w.str(&f.Authentication, "authentication")
		}
	})
	return err
}

var themedNames = []string{"light", "dark"}

func themedName(k []byte) int {
	switch string(k) {
	case "light":
		return 0
	case "dark":
		return 1
	}
	return -1
}

func (u *ThemedURLs) decodeWire(w *wire) error {
	_, err := w.members("background_themed_urls", themedNames, themedName, func(w *wire, i int) error {
		if i == 0 {
			return w.strPtr(&u.Light, "light")
		}
		return w.strPtr(&u.Dark, "dark")
	})
	return err
}

// decodePtr decodes into a pointer as encoding/json: null sets nil; an
// object decodes into the existing target, if any.
func decodePtr[T any, PT interface {
	*T
	wireDecoder
}](w *wire, dst **T, what string) error {
	switch w.kind() {
	case '{':
		if *dst == nil {
			*dst = new(T)
		}
		return PT(*dst).decodeWire(w)
	case 'n':
		*dst = nil
		return w.token()
	}
	return w.mismatch("an object", what)
}

var flowSetNames = []string{
	"pk", "policybindingmodel_ptr_id", "name", "slug", "title", "designation", "background_url", "background",
	"policy_engine_mode", "compatibility_mode", "export_url", "layout", "denied_action",
}

func flowSetName(k []byte) int {
	switch string(k) {
	case "pk":
		return 0
	case "policybindingmodel_ptr_id":
		return 1
	case "name":
		return 2
	case "slug":
		return 3
	case "title":
		return 4
	case "designation":
		return 5
	case "background_url":
		return 6
	case "background":
		return 7
	case "policy_engine_mode":
		return 8
	case "compatibility_mode":
		return 9
	case "export_url":
		return 10
	case "layout":
		return 11
	case "denied_action":
		return 12
	}
	return -1
}

func (f *FlowSet) decodeWire(w *wire) error {
	_, err := w.members("a flow_set entry", flowSetNames, flowSetName, func(w *wire, i int) error {
		switch i {
		case 0:
			return w.str(&f.PK, "pk")
		case 1:
			return w.str(&f.PolicyBindingModelPtrID, "policybindingmodel_ptr_id")
		case 2:
			return w.str(&f.Name, "name")
		case 3:
			return w.str(&f.Slug, "slug")
		case 4:
			return w.str(&f.Title, "title")
		case 5:
			return w.str(&f.Designation, "designation")
		case 6:
			return w.strPtr(&f.BackgroundURLField, "background_url")
		case 7:
			return w.str(&f.Background, "background")
		case 8:
			return w.str(&f.PolicyEngineMode, "policy_engine_mode")
		case 9:
			return w.boolean(&f.CompatibilityMode, "compatibility_mode")
		case 10:
			return w.str(&f.ExportURL, "export_url")
		case 11:
			return w.str(&f.Layout, "layout")
		default:
			return w.str(&f.DeniedAction, "denied_action")
		}
	})
	return err
}

var stageNames = []string{"pk", "name", "component", "verbose_name", "verbose_name_plural", "meta_model_name", "flow_set"}

const stageFlowSet = 6

func stageName(k []byte) int {
	switch string(k) {
	case "pk":
		return 0
	case "name":
		return 1
	case "component":
		return 2
	case "verbose_name":
		return 3
	case "verbose_name_plural":
		return 4
	case "meta_model_name":
		return 5
	case "flow_set":
		return 6
	}
	return -1
}

// stageString decodes member i (0-5) of a stage.
func (s *Stage) stageString(w *wire, i int) error {
	switch i {
	case 0:
		return w.str(&s.PK, "pk")
	case 1:
		return w.str(&s.Name, "name")
	case 2:
		return w.str(&s.Component, "component")
	case 3:
		return w.str(&s.VerboseName, "verbose_name")
	case 4:
		return w.str(&s.VerboseNamePlural, "verbose_name_plural")
	default:
		return w.str(&s.MetaModelName, "meta_model_name")
	}
}

// decodeWire decodes a stage as it stands alone (GET /stages/all/{pk}/):
// its flow_set entries are its own.
func (s *Stage) decodeWire(w *wire) error {
	_, err := w.members("a Stage", stageNames, stageName, func(w *wire, i int) error {
		if i == stageFlowSet {
			return decodeSlice(w, &s.FlowSet, "flow_set", func(w *wire, f **FlowSet) error { return decodePtr(w, f, "flow_set") })
		}
		return s.stageString(w, i)
	})
	return err
}

var bindingNames = []string{
	"pk", "policybindingmodel_ptr_id", "target", "stage", "stage_obj", "evaluate_on_plan", "re_evaluate_policies",
	"order", "policy_engine_mode", "invalid_response_action",
}

const bindingStageObj = 4

func bindingName(k []byte) int {
	switch string(k) {
	case "pk":
		return 0
	case "policybindingmodel_ptr_id":
		return 1
	case "target":
		return 2
	case "stage":
		return 3
	case "stage_obj":
		return 4
	case "evaluate_on_plan":
		return 5
	case "re_evaluate_policies":
		return 6
	case "order":
		return 7
	case "policy_engine_mode":
		return 8
	case "invalid_response_action":
		return 9
	}
	return -1
}

// bindingField decodes member i of a binding but stage_obj.
func (b *FlowStageBinding) bindingField(w *wire, i int) error {
	switch i {
	case 0:
		return w.str(&b.PK, "pk")
	case 1:
		return w.str(&b.PolicyBindingModelPtrID, "policybindingmodel_ptr_id")
	case 2:
		return w.strShared(&b.Target, "target")
	case 3:
		return w.strShared(&b.Stage, "stage")
	case 5:
		return w.boolean(&b.EvaluateOnPlan, "evaluate_on_plan")
	case 6:
		return w.boolean(&b.ReEvaluatePolicies, "re_evaluate_policies")
	case 7:
		return w.integer(&b.Order, "order")
	case 8:
		return w.str(&b.PolicyEngineMode, "policy_engine_mode")
	default:
		return w.str(&b.InvalidResponseAction, "invalid_response_action")
	}
}

// decodeWire decodes a binding as it stands alone (GET
// /flows/bindings/{pk}/): its stage_obj is its own.
func (b *FlowStageBinding) decodeWire(w *wire) error {
	_, err := w.members("a FlowStageBinding", bindingNames, bindingName, func(w *wire, i int) error {
		if i == bindingStageObj {
			return decodePtr(w, &b.StageObj, "stage_obj")
		}
		return b.bindingField(w, i)
	})
	return err
}

var paginationNames = []string{"next", "previous", "count", "current", "total_pages", "start_index", "end_index"}

func paginationName(k []byte) int {
	switch string(k) {
	case "next":
		return 0
	case "previous":
		return 1
	case "count":
		return 2
	case "current":
		return 3
	case "total_pages":
		return 4
	case "start_index":
		return 5
	case "end_index":
		return 6
	}
	return -1
}

func (p *Pagination) decodeWire(w *wire) error {
	_, err := w.members("pagination", paginationNames, paginationName, func(w *wire, i int) error {
		var n *Number
		switch i {
		case 0:
			n = &p.Next
		case 1:
			n = &p.Previous
		case 2:
			n = &p.Count
		case 3:
			n = &p.Current
		case 4:
			n = &p.TotalPages
		case 5:
			n = &p.StartIndex
		default:
			n = &p.EndIndex
		}
		return w.number(n, paginationNames[i])
	})
	return err
}

// number decodes a Number as its UnmarshalJSON does (called by
// encoding/json for null too: null is 0).
func (w *wire) number(n *Number, what string) error {
	switch w.kind() {
	case '0':
		v, err := w.d.ReadValue()
		if err != nil {
			return err
		}
		if i, ok := parseInt(v); ok && i >= 0 && i <= 1<<31-1 {
			*n = Number(i)
			return nil
		}
		if err := n.UnmarshalJSON(v); err != nil && w.typeErr == nil {
			w.typeErr = fmt.Errorf("%s: %w", what, err)
		}
		return nil
	case 'n':
		*n = 0
		return w.token()
	}
	return w.mismatch("a number", what)
}
