package upstreamtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Policies and policy bindings (FACTS.md section i).
//
// A policy binding lives on its target, in the policyRef list of a flow or
// a flow-stage binding: the target's own pk is what the API answers in
// "target", its policybindingmodel_ptr_id (PBM) is what the target and
// target_in filters take.

// Policy binding permissions (authentik_policies).
const (
	PermAddPolicyBinding    = "add_policybinding"
	PermChangePolicyBinding = "change_policybinding"
	PermDeletePolicyBinding = "delete_policybinding"
)

// policyType is the component and verbose names of a policy model.
type policyType struct{ component, verbose, plural string }

var policyTypes = map[string]policyType{
	"authentik_policies_expression.expressionpolicy":          {"ak-policy-expression-form", "Expression Policy", "Expression Policies"},
	"authentik_policies_password.passwordpolicy":              {"ak-policy-password-form", "Password Policy", "Password Policies"},
	"authentik_policies_event_matcher.eventmatcherpolicy":     {"ak-policy-event-matcher-form", "Event-matcher Policy", "Event-matcher Policies"},
	"authentik_policies_reputation.reputationpolicy":          {"ak-policy-reputation-form", "Reputation Policy", "Reputation Policies"},
	"authentik_policies_expiry.passwordexpirypolicy":          {"ak-policy-password-expiry-form", "Password Expiry Policy", "Password Expiry Policies"},
	"authentik_policies_dummy.dummypolicy":                    {"ak-policy-dummy-form", "Dummy Policy", "Dummy Policies"},
	"authentik_policies_geoip.geoippolicy":                    {"ak-policy-geoip-form", "GeoIP Policy", "GeoIP Policies"},
	"authentik_policies_unique_password.uniquepasswordpolicy": {"ak-policy-unique-password-form", "Unique Password Policy", "Unique Password Policies"},
}

// groupRec and userRec are the few groups and users a policy binding may
// name instead of a policy.
type groupRec struct {
	PK          string
	NumPK       int
	Name        string
	IsSuperuser bool
}

type userRec struct {
	PK       int
	Username string
	Name     string
	Email    string
}

// Seeded groups and users (authentik's bootstrap objects).
var (
	seedGroups = []groupRec{
		{PK: fakeUUID("group:authentik Admins"), NumPK: 1001, Name: "authentik Admins", IsSuperuser: true},
		{PK: fakeUUID("group:authentik Read-only"), NumPK: 1002, Name: "authentik Read-only"},
	}
	seedUsers = []userRec{
		{PK: 1, Username: "akadmin", Name: "authentik Default Admin", Email: "root@localhost"},
		{PK: 2, Username: "AnonymousUser", Name: ""},
	}
)

// GroupPK returns the pk of the seeded group with the given name.
func GroupPK(name string) (string, bool) {
	for _, g := range seedGroups {
		if g.Name == name {
			return g.PK, true
		}
	}
	return "", false
}

func groupByPK(pk string) *groupRec {
	for i := range seedGroups {
		if seedGroups[i].PK == pk {
			return &seedGroups[i]
		}
	}
	return nil
}

func userByPK(pk int) *userRec {
	for i := range seedUsers {
		if seedUsers[i].PK == pk {
			return &seedUsers[i]
		}
	}
	return nil
}

// pbRow is one policy binding with its target.
type pbRow struct {
	ref        *policyRef
	targetPK   string // the flow's or flow-stage binding's pk
	targetPBM  string
	targetKind string // "flow" or "flowstagebinding"
}

func policyRefKey(ownerPK string, ref *policyRef) string {
	who := ref.Policy
	switch {
	case ref.Group != "":
		who = "group:" + ref.Group
	case ref.User != 0:
		who = "user:" + strconv.Itoa(ref.User)
	}
	return ownerPK + ":" + who + ":" + strconv.Itoa(ref.Order)
}

// assignPolicyBindingPKs gives every policy binding without a pk a
// deterministic one. Caller holds no lock (seeding) or f.mu.
func (f *Fake) assignPolicyBindingPKs() {
	for _, fl := range f.flows {
		for i := range fl.Policies {
			if fl.Policies[i].PK == "" {
				fl.Policies[i].PK = fakeUUID("policy-binding:" + policyRefKey(fl.PK, &fl.Policies[i]))
			}
		}
	}
	for _, b := range f.bindings {
		for i := range b.Policies {
			if b.Policies[i].PK == "" {
				b.Policies[i].PK = fakeUUID("policy-binding:" + policyRefKey(b.PK, &b.Policies[i]))
			}
		}
	}
}

// policyBindingRows lists every policy binding: the flows' in flow order,
// then the flow-stage bindings'.
func (f *Fake) policyBindingRows() []pbRow {
	var rows []pbRow
	for _, fl := range f.flows {
		for i := range fl.Policies {
			rows = append(rows, pbRow{ref: &fl.Policies[i], targetPK: fl.PK, targetPBM: fl.PBM, targetKind: "flow"})
		}
	}
	for _, b := range f.bindings {
		for i := range b.Policies {
			rows = append(rows, pbRow{ref: &b.Policies[i], targetPK: b.PK, targetPBM: b.PBM, targetKind: "flowstagebinding"})
		}
	}
	return rows
}

// pbmIndex maps the PolicyBindingModel pk of every flow and flow-stage
// binding (whatever the caller may see) to the object's own pk.
func (f *Fake) pbmIndex() map[string]string {
	m := make(map[string]string, len(f.flows)+len(f.bindings))
	for _, fl := range f.flows {
		m[fl.PBM] = fl.PK
	}
	for _, b := range f.bindings {
		m[b.PBM] = b.PK
	}
	return m
}

func (f *Fake) pbmTarget(pbm string) (targetPK string, ok bool) {
	pk, ok := f.pbmIndex()[pbm]
	return pk, ok
}

// visiblePolicyBindings mirrors ObjectFilter for policy bindings: the
// global view permission shows all; otherwise a caller sees the policy
// bindings of the flows and flow-stage bindings it may see, and a 403 when
// that is none.
func (f *Fake) visiblePolicyBindings(p *principal) ([]pbRow, *response) {
	rows := f.policyBindingRows()
	if p.has(PermViewPolicyBind) {
		return rows, nil
	}
	out := rows[:0:0]
	for _, r := range rows {
		if p.canView(r.targetKind, r.targetPK) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	return out, nil
}

func (f *Fake) policyBindingOrdering() map[string]*orderField[pbRow] {
	return map[string]*orderField[pbRow]{
		"pk":             {one: func(r pbRow) sortVal { return sv(r.ref.PK) }},
		"order":          {one: func(r pbRow) sortVal { return nv(int64(r.ref.Order)) }},
		"target":         {one: func(r pbRow) sortVal { return sv(r.targetPBM) }},
		"negate":         {one: func(r pbRow) sortVal { return bv(r.ref.Negate) }},
		"enabled":        {one: func(r pbRow) sortVal { return bv(!r.ref.Disabled) }},
		"timeout":        {one: func(r pbRow) sortVal { return nv(int64(refTimeout(r.ref))) }},
		"failure_result": {one: func(r pbRow) sortVal { return bv(r.ref.FailureResult) }},
		"policy": {one: func(r pbRow) sortVal {
			if r.ref.Policy == "" {
				return sortVal{null: true}
			}
			return sv(r.ref.Policy)
		}},
	}
}

func refTimeout(r *policyRef) int {
	if r.Timeout == nil {
		return 30
	}
	return *r.Timeout
}

// filterTargetIn mirrors the ModelMultipleChoiceFilter target_in: every
// value must be a well-formed uuid and, compared as a string, the pk of an
// existing PolicyBindingModel; the first that is not fails the whole
// request.
func (f *Fake) filterTargetIn(q map[string][]string, pbms map[string]string, errs *fieldErrors) (map[string]bool, bool) {
	vs, ok := q["target_in"]
	if !ok {
		return nil, false
	}
	set := map[string]bool{}
	for _, v := range vs {
		if _, ok := parseUUID(v); !ok {
			errs.add("target_in", "“"+v+"” is not a valid UUID.")
			return nil, false
		}
	}
	for _, v := range vs {
		if _, ok := pbms[v]; !ok {
			errs.add("target_in", "Select a valid choice. "+v+" is not one of the available choices.")
			return nil, false
		}
		set[v] = true
	}
	return set, true
}

func (f *Fake) policyBindingQuery(c *call) ([]pbRow, *response) {
	rows, resp := f.visiblePolicyBindings(c.p)
	if resp != nil {
		return nil, resp
	}
	rows = searchFilter(rows, searchTerms(c.q), func(r pbRow) []string {
		if p := f.policyByPK[r.ref.Policy]; p != nil {
			return []string{p.Name}
		}
		return nil
	})
	var errs fieldErrors
	pbms := f.pbmIndex()
	target, hasTarget := f.filterModelChoice(c.q, "target", func(pk string) bool { _, ok := pbms[pk]; return ok }, &errs)
	targetIn, hasTargetIn := f.filterTargetIn(c.q, pbms, &errs)
	policy, hasPolicy := f.filterModelChoice(c.q, "policy", func(pk string) bool { return f.policyByPK[pk] != nil }, &errs)
	isNull, hasIsNull := filterBool(c.q, "policy__isnull")
	enabled, hasEnabled := filterBool(c.q, "enabled")
	order, hasOrder := filterNumber(c.q, "order", &errs)
	timeout, hasTimeout := filterNumber(c.q, "timeout", &errs)
	if !errs.empty() {
		return nil, errs.response()
	}
	out := rows[:0:0]
	for _, r := range rows {
		if (hasTarget && r.targetPBM != target) || (hasTargetIn && !targetIn[r.targetPBM]) ||
			(hasPolicy && r.ref.Policy != policy) || (hasIsNull && (r.ref.Policy == "") != isNull) ||
			(hasEnabled && r.ref.Disabled == enabled) || (hasOrder && int64(r.ref.Order) != order) ||
			(hasTimeout && int64(refTimeout(r.ref)) != timeout) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// boundOf returns the request's count of each policy's bindings.
func (f *Fake) boundOf(ix *index) map[string]int {
	if ix.policyBound == nil {
		ix.policyBound = f.boundTo()
	}
	return ix.policyBound
}

var (
	policyBindingResource = resource[pbRow]{
		query: (*Fake).policyBindingQuery, ordering: (*Fake).policyBindingOrdering, defaultOrder: "target,order",
		render: func(f *Fake, r pbRow, ix *index) object { return f.policyBindingJSON(r, f.boundOf(ix)) },
		create: (*Fake).policyBindingCreate,
	}
	policyResource = resource[*policyRec]{
		query: (*Fake).policyQuery, ordering: (*Fake).policyOrdering, defaultOrder: "name",
		render: func(f *Fake, p *policyRec, ix *index) object { return f.policyJSON(p, f.boundOf(ix)) },
	}
)

// policyBindingObject finds the detail route's policy binding among those
// the caller may see.
func (f *Fake) policyBindingObject(c *call) (pbRow, *response) {
	rows, resp := f.visiblePolicyBindings(c.p)
	if resp != nil {
		return pbRow{}, resp
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return pbRow{}, detailResponse(http.StatusNotFound, msgNotFound)
	}
	for _, r := range rows {
		if r.ref.PK == u {
			return r, nil
		}
	}
	return pbRow{}, notFoundFor("PolicyBinding")
}

func (f *Fake) policyBindingDetail(c *call) *response {
	r, resp := f.policyBindingObject(c)
	if resp != nil {
		return resp
	}
	switch c.method {
	case "GET":
		return jsonResponse(http.StatusOK, f.policyBindingJSON(r, f.boundTo()))
	case "DELETE":
		if !c.p.has(PermDeletePolicyBinding) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		f.removePolicyRef(r.targetPK, r.ref.PK)
		return noContent()
	default: // PUT, PATCH
		if !c.p.has(PermChangePolicyBinding) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		data, resp := parseBody(c.r, c.body)
		if resp != nil {
			return resp
		}
		upd, targetPK, resp := f.validatePolicyBinding(data, r, c.method == "PATCH")
		if resp != nil {
			return resp
		}
		f.removePolicyRef(r.targetPK, r.ref.PK)
		row := f.addPolicyRef(targetPK, upd)
		return jsonResponse(http.StatusOK, f.policyBindingJSON(row, f.boundTo()))
	}
}

func (f *Fake) policyBindingCreate(c *call) *response {
	data, resp := parseBody(c.r, c.body)
	if resp != nil {
		return resp
	}
	ref, targetPK, resp := f.validatePolicyBinding(data, pbRow{}, false)
	if resp != nil {
		return resp
	}
	ref.PK = fakeUUID("created-policy-binding:" + strconv.Itoa(f.nextSeq()))
	row := f.addPolicyRef(targetPK, ref)
	return jsonResponse(http.StatusCreated, f.policyBindingJSON(row, f.boundTo()))
}

// addPolicyRef appends ref to the target (a flow or flow-stage binding pk)
// and returns its row.
func (f *Fake) addPolicyRef(targetPK string, ref policyRef) pbRow {
	if fl := f.flowByPK[targetPK]; fl != nil {
		fl.Policies = append(fl.Policies, ref)
		return pbRow{ref: &fl.Policies[len(fl.Policies)-1], targetPK: fl.PK, targetPBM: fl.PBM, targetKind: "flow"}
	}
	b := f.bindingByPK[targetPK]
	b.Policies = append(b.Policies, ref)
	return pbRow{ref: &b.Policies[len(b.Policies)-1], targetPK: b.PK, targetPBM: b.PBM, targetKind: "flowstagebinding"}
}

func (f *Fake) removePolicyRef(targetPK, pk string) {
	drop := func(refs []policyRef) []policyRef {
		out := refs[:0:0]
		for _, r := range refs {
			if r.PK != pk {
				out = append(out, r)
			}
		}
		return out
	}
	if fl := f.flowByPK[targetPK]; fl != nil {
		fl.Policies = drop(fl.Policies)
	} else if b := f.bindingByPK[targetPK]; b != nil {
		b.Policies = drop(b.Policies)
	}
}

// resolveTarget mirrors PolicyBindingModelForeignKey.to_internal_value: the
// subclass's pk (a flow's or flow-stage binding's pk), else a pbm_uuid.
func (f *Fake) resolveTarget(v any) (string, string, bool) {
	s, isStr := v.(string)
	switch {
	case v == nil:
		return "", msgNull, false
	case !isStr:
		return "", "Incorrect type. Expected pk value, received " + pyTypeName(v) + ".", false
	}
	if f.flowByPK[s] != nil || f.bindingByPK[s] != nil {
		return s, "", true
	}
	u, ok := parseUUID(s)
	if !ok {
		return "", "“" + s + "” is not a valid UUID.", false
	}
	if pk, ok := f.pbmTarget(u); ok {
		return pk, "", true
	}
	return "", `Invalid pk "` + s + `" - object does not exist.`, false
}

// validatePolicyBinding mirrors PolicyBindingSerializer: field validation,
// then validate(), which reads the request's attributes only.
func (f *Fake) validatePolicyBinding(data map[string]any, inst pbRow, partial bool) (policyRef, string, *response) {
	var out policyRef
	targetPK := ""
	if inst.ref != nil {
		out, targetPK = *inst.ref, inst.targetPK
	}
	var errs fieldErrors
	get := func(k string, required bool) (any, bool) {
		v, ok := data[k]
		if !ok && required && !partial {
			errs.add(k, msgRequired)
		}
		return v, ok
	}
	// attrs holds the body's values of policy, group and user for validate().
	attrs := map[string]bool{}
	if v, ok := get("policy", false); ok {
		if v == nil {
			out.Policy = ""
		} else if pk, msg, ok := pkField(v, func(u string) bool { return f.policyByPK[u] != nil }); ok {
			out.Policy, attrs["policy"] = pk, true
		} else {
			errs.add("policy", msg)
		}
	}
	if v, ok := get("group", false); ok {
		if v == nil {
			out.Group = ""
		} else if pk, msg, ok := pkField(v, func(u string) bool { return groupByPK(u) != nil }); ok {
			out.Group, attrs["group"] = pk, true
		} else {
			errs.add("group", msg)
		}
	}
	if v, ok := get("user", false); ok {
		if v == nil {
			out.User = 0
		} else if n, msg, ok := userField(v); ok {
			out.User, attrs["user"] = n, true
		} else {
			errs.add("user", msg)
		}
	}
	hasTarget := false
	if v, ok := get("target", true); ok {
		if pk, msg, ok := f.resolveTarget(v); ok {
			targetPK, hasTarget = pk, true
		} else {
			errs.add("target", msg)
		}
	}
	for _, k := range []string{"negate", "enabled", "failure_result"} {
		if v, ok := get(k, false); ok {
			x, msg, ok := boolField(v)
			if !ok {
				errs.add(k, msg)
				continue
			}
			switch k {
			case "negate":
				out.Negate = x
			case "enabled":
				out.Disabled = !x
			default:
				out.FailureResult = x
			}
		}
	}
	if v, ok := get("order", true); ok {
		if n, msg, ok := intField(v, -2147483648, 2147483647); ok {
			out.Order = n
		} else {
			errs.add("order", msg)
		}
	}
	if v, ok := get("timeout", false); ok {
		if n, msg, ok := intField(v, 0, 2147483647); ok {
			out.Timeout = &n
		} else {
			errs.add("timeout", msg)
		}
	}
	if !errs.empty() {
		return policyRef{}, "", errs.response()
	}
	// validate(): target.supported_policy_binding_targets() on a target the
	// body did not name is an AttributeError on None: a server error.
	if !hasTarget {
		return policyRef{}, "", htmlServerError()
	}
	switch n := len(attrs); {
	case n > 1:
		errs.add("non_field_errors", "Only one of 'policy', 'group', 'user' can be set.")
	case n < 1:
		errs.add("non_field_errors", "One of 'policy', 'group', 'user' must be set.")
	}
	if !errs.empty() {
		return policyRef{}, "", errs.response()
	}
	// The model keeps what the body left alone; clear the other two kinds.
	if !attrs["policy"] {
		out.Policy = ""
	}
	if !attrs["group"] {
		out.Group = ""
	}
	if !attrs["user"] {
		out.User = 0
	}
	// unique_together (policy, target, order), skipped when policy is null.
	if out.Policy != "" {
		for _, r := range f.policyBindingRows() {
			if r.ref.PK != out.PK && r.targetPK == targetPK && r.ref.Policy == out.Policy && r.ref.Order == out.Order {
				errs.add("non_field_errors", "The fields policy, target, order must make a unique set.")
				return policyRef{}, "", errs.response()
			}
		}
	}
	return out, targetPK, nil
}

func userField(v any) (int, string, bool) {
	switch t := v.(type) {
	case json.Number:
		n, err := strconv.Atoi(t.String())
		if err != nil {
			return 0, `Invalid pk "` + t.String() + `" - object does not exist.`, false
		}
		if userByPK(n) == nil {
			return 0, `Invalid pk "` + t.String() + `" - object does not exist.`, false
		}
		return n, "", true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(t))
		if err != nil {
			return 0, "Incorrect type. Expected pk value, received str.", false
		}
		if userByPK(n) == nil {
			return 0, `Invalid pk "` + t + `" - object does not exist.`, false
		}
		return n, "", true
	}
	return 0, "Incorrect type. Expected pk value, received " + pyTypeName(v) + ".", false
}

func (f *Fake) policyBindingJSON(r pbRow, bound map[string]int) object {
	ref := r.ref
	var policy, group, user, policyObj, groupObj, userObj any
	if p := f.policyByPK[ref.Policy]; ref.Policy != "" && p != nil {
		policy, policyObj = p.PK, f.policyJSON(p, bound)
	}
	if g := groupByPK(ref.Group); ref.Group != "" && g != nil {
		group = g.PK
		groupObj = object{{"pk", g.PK}, {"num_pk", g.NumPK}, {"name", g.Name}, {"is_superuser", g.IsSuperuser}, {"attributes", object{}}}
	}
	if u := userByPK(ref.User); ref.User != 0 && u != nil {
		user = u.PK
		userObj = object{
			{"pk", u.PK}, {"username", u.Username}, {"name", u.Name}, {"is_active", true},
			{"last_login", nil}, {"email", u.Email}, {"attributes", object{}}, {"uid", fakeUUID("user-uid:" + u.Username)},
		}
	}
	return object{
		{"pk", ref.PK},
		{"policy", policy},
		{"group", group},
		{"user", user},
		{"policy_obj", policyObj},
		{"group_obj", groupObj},
		{"user_obj", userObj},
		{"target", r.targetPK},
		{"negate", ref.Negate},
		{"enabled", !ref.Disabled},
		{"order", ref.Order},
		{"timeout", refTimeout(ref)},
		{"failure_result", ref.FailureResult},
	}
}

// boundTo counts each policy's bindings (Policy.bound_to), whoever may
// see them.
func (f *Fake) boundTo() map[string]int {
	m := map[string]int{}
	for _, r := range f.policyBindingRows() {
		if r.ref.Policy != "" {
			m[r.ref.Policy]++
		}
	}
	return m
}

func (f *Fake) policyJSON(p *policyRec, bound map[string]int) object {
	t, ok := policyTypes[p.Model]
	if !ok {
		t = policyType{component: "", verbose: "Policy", plural: "Policies"}
	}
	return object{
		{"pk", p.PK},
		{"name", p.Name},
		{"execution_logging", false},
		{"component", t.component},
		{"verbose_name", t.verbose},
		{"verbose_name_plural", t.plural},
		{"meta_model_name", p.Model},
		{"bound_to", bound[p.PK]},
	}
}

func policyRecPK(p *policyRec) string { return p.PK }

func (f *Fake) policyQuery(c *call) ([]*policyRec, *response) {
	objs := append([]*policyRec(nil), f.policies...)
	objs = searchFilter(objs, searchTerms(c.q), func(p *policyRec) []string { return []string{p.Name} })
	objs, resp := objectFilter(c.p, "policy", objs, policyRecPK)
	if resp != nil {
		return nil, resp
	}
	if unbound, ok := filterBool(c.q, "bindings__isnull"); ok {
		bound := f.boundTo()
		out := objs[:0:0]
		for _, p := range objs {
			if (bound[p.PK] == 0) == unbound {
				out = append(out, p)
			}
		}
		objs = out
	}
	if noPrompt, ok := filterBool(c.q, "promptstage__isnull"); ok && !noPrompt {
		objs = nil // no policy of the fake validates a prompt stage
	}
	return objs, nil
}

func (f *Fake) policyOrdering() map[string]*orderField[*policyRec] {
	return map[string]*orderField[*policyRec]{
		"name": {one: func(p *policyRec) sortVal { return sv(p.Name) }},
		"pk":   {one: func(p *policyRec) sortVal { return sv(p.PK) }},
	}
}

func (f *Fake) policyDetail(c *call) *response {
	objs, resp := objectFilter(c.p, "policy", append([]*policyRec(nil), f.policies...), policyRecPK)
	if resp != nil {
		return resp
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return detailResponse(http.StatusNotFound, msgNotFound)
	}
	for _, p := range objs {
		if p.PK == u {
			return jsonResponse(http.StatusOK, f.policyJSON(p, f.boundTo()))
		}
	}
	return notFoundFor("Policy")
}

// matchPolicyRoute routes /policies/all/ and /policies/bindings/.
func matchPolicyRoute(segs []string) (*route, string) {
	n := len(segs)
	switch {
	case n >= 2 && segs[0] == "policies" && segs[1] == "all":
		switch {
		case n == 2:
			return &route{"Policy List", "policy", false, []string{"GET"}, policyResource.list}, ""
		case n == 3 && lookupOK(segs[2]):
			return &route{"Policy Instance", "policy", true, []string{"GET"}, (*Fake).policyDetail}, segs[2]
		}
	case n >= 2 && segs[0] == "policies" && segs[1] == "bindings":
		switch {
		case n == 2:
			return &route{"Policy Binding List", "policybinding", false, []string{"GET", "POST"}, policyBindingResource.list}, ""
		case n == 3 && lookupOK(segs[2]):
			return &route{"Policy Binding Instance", "policybinding", true, []string{"GET", "PUT", "PATCH", "DELETE"}, (*Fake).policyBindingDetail}, segs[2]
		}
	}
	return nil, ""
}

// --- test helpers -------------------------------------------------------------

// PolicyBindingCount returns how many policy bindings the fake holds.
func (f *Fake) PolicyBindingCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.policyBindingRows())
}

// PolicyBindingsOf returns the pks of the policy bindings on a target (a
// flow's or flow-stage binding's pk), in evaluation order (order, pk).
func (f *Fake) PolicyBindingsOf(targetPK string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var refs []policyRef
	if fl := f.flowByPK[targetPK]; fl != nil {
		refs = append(refs, fl.Policies...)
	} else if b := f.bindingByPK[targetPK]; b != nil {
		refs = append(refs, b.Policies...)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Order != refs[j].Order {
			return refs[i].Order < refs[j].Order
		}
		return refs[i].PK < refs[j].PK
	})
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.PK
	}
	return out
}

// DeleteBinding removes a flow-stage binding (and, by cascade, its policy
// bindings) as if another client had deleted it. It returns false for an
// unknown pk.
func (f *Fake) DeleteBinding(pk string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.bindingByPK[pk]
	if b == nil {
		return false
	}
	f.pages.drop()
	f.invalidateFlowCache(b.Target)
	f.deleteBindingLocked(pk)
	return true
}
