package upstreamtest

import (
	"net/http"
	"strconv"
)

func bindingPK(b *bindingRec) string { return b.PK }

func (f *Fake) bindingOrdering() map[string]*orderField[*bindingRec] {
	return map[string]*orderField[*bindingRec]{
		"order": {one: func(b *bindingRec) sortVal { return nv(int64(b.Order)) }},
		"pk":    {one: func(b *bindingRec) sortVal { return sv(b.PK) }},
		"stage__name": {one: func(b *bindingRec) sortVal {
			if st := f.stageByPK[b.Stage]; st != nil {
				return sv(st.Name)
			}
			return sortVal{null: true}
		}},
		// Listed in ordering_fields, but Flow has no "uuid" field: FieldError.
		"target__uuid": nil,
	}
}

// bindingQuery runs search, ObjectFilter and the "__all__" filterset.
func (f *Fake) bindingQuery(c *call) ([]*bindingRec, *response) {
	objs := append([]*bindingRec(nil), f.bindings...)
	objs = searchFilter(objs, searchTerms(c.q), func(b *bindingRec) []string {
		if st := f.stageByPK[b.Stage]; st != nil {
			return []string{st.Name}
		}
		return nil
	})
	objs, resp := objectFilter(c.p, "flowstagebinding", objs, bindingPK)
	if resp != nil {
		return nil, resp
	}
	var errs fieldErrors
	pbm, hasPBM := filterUUID(c.q, "pbm_uuid", &errs)
	pem, hasPEM := filterChoice(c.q, "policy_engine_mode", policyEngineModes, &errs)
	fsb, hasFSB := filterUUID(c.q, "fsb_uuid", &errs)
	target, hasTarget := f.filterModelChoice(c.q, "target", func(pk string) bool { return f.flowByPK[pk] != nil }, &errs)
	stage, hasStage := f.filterModelChoice(c.q, "stage", func(pk string) bool { return f.stageByPK[pk] != nil }, &errs)
	eop, hasEOP := filterBool(c.q, "evaluate_on_plan")
	rep, hasREP := filterBool(c.q, "re_evaluate_policies")
	ira, hasIRA := filterChoice(c.q, "invalid_response_action", invalidActions, &errs)
	order, hasOrder := filterNumber(c.q, "order", &errs)
	policies, hasPolicies := f.filterPolicies(c.q, &errs)
	if !errs.empty() {
		return nil, errs.response()
	}
	out := objs[:0:0]
	for _, b := range objs {
		if (hasPBM && b.PBM != pbm) || (hasPEM && b.PolicyEngineMode != pem) || (hasFSB && b.PK != fsb) ||
			(hasTarget && b.Target != target) || (hasStage && b.Stage != stage) ||
			(hasEOP && b.EvaluateOnPlan != eop) || (hasREP && b.ReEvaluatePolicies != rep) ||
			(hasIRA && b.InvalidResponseAction != ira) || (hasOrder && int64(b.Order) != order) {
			continue
		}
		if hasPolicies {
			hit := false
			for _, pr := range b.Policies {
				if policies[pr.Policy] {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// filterModelChoice mirrors ModelChoiceFilter: "" is no filter, anything
// that is not the pk of an existing object (permissions do not matter) is
// a 400.
func (f *Fake) filterModelChoice(q map[string][]string, name string, exists func(string) bool, errs *fieldErrors) (string, bool) {
	v, ok := qget(q, name)
	if !ok || v == "" {
		return "", false
	}
	u, ok := parseUUID(v)
	if !ok || !exists(u) {
		errs.add(name, msgFilterChoice)
		return "", false
	}
	return u, true
}

// filterPolicies mirrors the ModelMultipleChoiceFilter on policies
// (repeatable, OR). Empty values are skipped.
func (f *Fake) filterPolicies(q map[string][]string, errs *fieldErrors) (map[string]bool, bool) {
	set := map[string]bool{}
	for _, v := range q["policies"] {
		if v == "" {
			continue
		}
		u, ok := parseUUID(v)
		if !ok {
			errs.add("policies", "“"+v+"” is not a valid UUID.")
			return nil, false
		}
		if f.policyByPK[u] == nil {
			errs.add("policies", "Select a valid choice. "+v+" is not one of the available choices.")
			return nil, false
		}
		set[u] = true
	}
	return set, len(set) > 0
}

func (f *Fake) bindingObject(c *call, filtered bool) (*bindingRec, *response) {
	objs := f.bindings
	if filtered {
		var resp *response
		objs, resp = f.bindingQuery(c)
		if resp != nil {
			return nil, resp
		}
		if _, broken := parseOrdering(c.q, f.bindingOrdering(), "order,pk"); broken {
			return nil, htmlServerError()
		}
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return nil, detailResponse(http.StatusNotFound, msgNotFound)
	}
	for _, b := range objs {
		if b.PK == u {
			return b, nil
		}
	}
	return nil, notFoundFor("FlowStageBinding")
}

func (f *Fake) bindingDetail(c *call) *response {
	b, resp := f.bindingObject(c, true)
	if resp != nil {
		return resp
	}
	switch c.method {
	case "GET":
		return jsonResponse(http.StatusOK, f.bindingJSON(b, f.buildIndex()))
	case "DELETE":
		if !c.p.has(PermDeleteBinding) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		f.invalidateFlowCache(b.Target)
		f.deleteBindingLocked(b.PK)
		return noContent()
	default:
		if !c.p.has(PermChangeBinding) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		data, resp := parseBody(c.r, c.body)
		if resp != nil {
			return resp
		}
		upd, resp := f.validateBinding(data, b, c.method == "PATCH")
		if resp != nil {
			return resp
		}
		f.invalidateFlowCache(b.Target)
		*b = *upd
		f.invalidateFlowCache(b.Target)
		return jsonResponse(http.StatusOK, f.bindingJSON(b, f.buildIndex()))
	}
}

func (f *Fake) bindingCreate(c *call) *response {
	data, resp := parseBody(c.r, c.body)
	if resp != nil {
		return resp
	}
	b, resp := f.validateBinding(data, nil, false)
	if resp != nil {
		return resp
	}
	n := f.nextSeq()
	b.PK = fakeUUID("created-binding:" + strconv.Itoa(n))
	b.PBM = fakeUUID("created-binding-pbm:" + strconv.Itoa(n))
	f.addBinding(b)
	f.invalidateFlowCache(b.Target)
	return jsonResponse(http.StatusCreated, f.bindingJSON(b, f.buildIndex()))
}

// validateBinding mirrors FlowStageBindingSerializer: field validation,
// then UniqueTogetherValidator, then validate().
func (f *Fake) validateBinding(data map[string]any, inst *bindingRec, partial bool) (*bindingRec, *response) {
	var out bindingRec
	if inst != nil {
		out = *inst
	} else {
		out = bindingRec{ReEvaluatePolicies: true, PolicyEngineMode: "any", InvalidResponseAction: "retry", Policies: []policyRef{}}
	}
	var errs fieldErrors
	get := func(k string, required bool) (any, bool) {
		v, ok := data[k]
		if !ok && required && !partial {
			errs.add(k, msgRequired)
		}
		return v, ok
	}
	if v, ok := get("target", true); ok {
		if pk, msg, ok := pkField(v, func(u string) bool { return f.flowByPK[u] != nil }); ok {
			out.Target = pk
		} else {
			errs.add("target", msg)
		}
	}
	if v, ok := get("stage", true); ok {
		if pk, msg, ok := pkField(v, func(u string) bool { return f.stageByPK[u] != nil }); ok {
			out.Stage = pk
		} else {
			errs.add("stage", msg)
		}
	}
	eop := false
	if v, ok := get("evaluate_on_plan", false); ok {
		if x, msg, ok := boolField(v); ok {
			out.EvaluateOnPlan, eop = x, x
		} else {
			errs.add("evaluate_on_plan", msg)
		}
	}
	rep := true
	if v, ok := get("re_evaluate_policies", false); ok {
		if x, msg, ok := boolField(v); ok {
			out.ReEvaluatePolicies, rep = x, x
		} else {
			errs.add("re_evaluate_policies", msg)
		}
	}
	if v, ok := get("order", true); ok {
		if n, msg, ok := intField(v, -2147483648, 2147483647); ok {
			out.Order = n
		} else {
			errs.add("order", msg)
		}
	}
	if v, ok := get("policy_engine_mode", false); ok {
		if s, msg, ok := choiceField(v, policyEngineModes); ok {
			out.PolicyEngineMode = s
		} else {
			errs.add("policy_engine_mode", msg)
		}
	}
	if v, ok := get("invalid_response_action", false); ok {
		if s, msg, ok := choiceField(v, invalidActions); ok {
			out.InvalidResponseAction = s
		} else {
			errs.add("invalid_response_action", msg)
		}
	}
	if !errs.empty() {
		return nil, errs.response()
	}
	// UniqueTogetherValidator (target, stage, order); missing values come
	// from the instance on partial updates.
	for _, other := range f.bindings {
		if inst != nil && other.PK == inst.PK {
			continue
		}
		if other.Target == out.Target && other.Stage == out.Stage && other.Order == out.Order {
			errs.add("non_field_errors", msgUniqueTogether)
			return nil, errs.response()
		}
	}
	// validate(): only the fields present in the request are considered,
	// missing ones default to evaluate_on_plan=False / re_evaluate=True.
	if !eop && !rep {
		errs.add("non_field_errors", msgEvaluate)
		return nil, errs.response()
	}
	return &out, nil
}

func (f *Fake) bindingUsedBy(c *call) *response {
	if _, resp := f.bindingObject(c, false); resp != nil {
		return resp
	}
	return jsonResponse(http.StatusOK, []object{})
}
