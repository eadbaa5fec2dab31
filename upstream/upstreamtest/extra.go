package upstreamtest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// --- diagram (authentik/flows/api/flows_diagram.py) ---------------------------

type diagramEl struct {
	id, desc string
	action   *string
	source   []*diagramEl
	style    [2]string
}

var (
	styleSquare = [2]string{"[", "]"}
	styleDouble = [2]string{"[[", "]]"}
	styleCurly  = [2]string{"{{", "}}"}
	styleRound  = [2]string{"([", "])"}
)

func strp(s string) *string { return &s }

// String renders the element like DiagramElement.__str__.
func (e *diagramEl) String() string {
	desc := strings.ReplaceAll(e.desc, `"`, "#quot;")
	el := e.id + e.style[0] + `"` + desc + `"` + e.style[1]
	if e.action != nil {
		if *e.action != "" {
			el = "--" + *e.action + "--> " + el
		} else {
			el = "--> " + el
		}
	}
	if len(e.source) > 0 {
		lines := make([]string, 0, len(e.source))
		for _, s := range e.source {
			lines = append(lines, s.id+" "+el)
		}
		return strings.Join(lines, "\n")
	}
	return el
}

func sortedPolicyRefs(refs []policyRef) []policyRef {
	out := append([]policyRef(nil), refs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

func (f *Fake) policyLabel(pr policyRef) string {
	name := ""
	if p := f.policyByPK[pr.Policy]; p != nil {
		name = p.Name
	}
	return "Policy (Expression Policy)\n" + name
}

// diagram renders the mermaid text exactly like FlowDiagram.build; bindings
// and policy bindings the user may not view are left out.
func (f *Fake) diagram(fl *flowRec, p *principal) string {
	var all []fmt.Stringer
	if fl.Authentication != "none" {
		auth := &diagramEl{id: "flow_auth_requirement", desc: "Flow authentication requirement\n" + fl.Authentication, style: styleSquare}
		all = append(all,
			auth,
			&diagramEl{id: "done", desc: "End of the flow", action: strp("Requirement not fulfilled"), source: []*diagramEl{auth}, style: styleDouble},
			&diagramEl{id: "flow_start", desc: "placeholder", action: strp("Requirement fulfilled"), source: []*diagramEl{auth}, style: styleSquare},
		)
	}
	pre := &diagramEl{id: "flow_pre", desc: "Pre-flow policies", style: styleDouble}
	var flowPolicies []*diagramEl
	if p.has(PermViewPolicyBind) {
		for i, pr := range sortedPolicyRefs(fl.Policies) {
			flowPolicies = append(flowPolicies, &diagramEl{
				id: "flow_policy_" + strconv.Itoa(i), desc: f.policyLabel(pr),
				action: strp("Binding " + strconv.Itoa(pr.Order)), source: []*diagramEl{pre}, style: styleCurly,
			})
		}
	}
	if len(flowPolicies) > 0 {
		all = append(all, pre)
		for _, e := range flowPolicies {
			all = append(all, e)
		}
		all = append(all, &diagramEl{id: "done", desc: "End of the flow", action: strp("Policy denied"), source: flowPolicies, style: styleDouble})
	}
	flowEl := &diagramEl{id: "flow_start", desc: "Flow\n" + fl.Name, source: flowPolicies, style: styleDouble}
	if len(flowPolicies) > 0 {
		flowEl.action = strp("")
	}
	all = append(all, flowEl)

	var bs []*bindingRec
	for _, b := range f.bindings {
		if b.Target == fl.PK && p.canView("flowstagebinding", b.PK) {
			bs = append(bs, b)
		}
	}
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Order < bs[j].Order })
	parents := []*diagramEl{flowEl}
	var stages, elements []*diagramEl
	for s, b := range bs {
		var stagePolicies []*diagramEl
		if p.has(PermViewPolicyBind) {
			for i, pr := range sortedPolicyRefs(b.Policies) {
				stagePolicies = append(stagePolicies, &diagramEl{
					id: fmt.Sprintf("stage_%d_policy_%d", s, i), desc: f.policyLabel(pr),
					action: strp(""), source: parents, style: styleCurly,
				})
			}
		}
		elements = append(elements, stagePolicies...)
		action := ""
		if len(stagePolicies) > 0 {
			action = "Policy passed"
		}
		st := f.stageByPK[b.Stage]
		el := &diagramEl{
			id: "stage_" + strconv.Itoa(s), desc: "Stage (" + f.typeByModel[st.Model].VerboseName + ")\n" + st.Name,
			action: strp(action), source: stagePolicies, style: styleRound,
		}
		stages = append(stages, el)
		parents = []*diagramEl{el}
		if s > 0 {
			for _, src := range stages[s-1].source {
				elements = append(elements, &diagramEl{id: el.id, desc: el.desc, action: strp("Policy denied"), source: []*diagramEl{src}, style: el.style})
			}
		}
	}
	if len(stages) > 0 {
		elements = append(elements, &diagramEl{id: "done", desc: "End of the flow", action: strp(""), source: []*diagramEl{stages[len(stages)-1]}, style: styleDouble})
	}
	for _, e := range stages {
		all = append(all, e)
	}
	for _, e := range elements {
		all = append(all, e)
	}
	if len(stages)+len(elements) < 1 {
		all = append(all, &diagramEl{id: "done", desc: "End of the flow", action: strp(""), source: []*diagramEl{flowEl}, style: styleDouble})
	}
	lines := []string{"graph TD"}
	for _, e := range all {
		lines = append(lines, e.String())
	}
	return strings.Join(lines, "\n")
}

// --- export (blueprint YAML) ----------------------------------------------------

var yamlPlainRe = regexp.MustCompile(`^[A-Za-z_/][A-Za-z0-9 _./-]*[A-Za-z0-9_./-]$|^[A-Za-z_]$`)

func yamlStr(s string) string {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		return "'" + s + "'"
	}
	if yamlPlainRe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// exportYAML renders a blueprint like authentik's FlowExporter: the flow,
// its stages, its bindings, the policies and their bindings.
func (f *Fake) exportYAML(fl *flowRec) string {
	var b strings.Builder
	w := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("  ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	entry := func(model string, identifiers [][2]string, attrs [][2]string) {
		w(0, "- attrs:")
		for _, a := range attrs {
			w(2, "%s: %s", a[0], a[1])
		}
		w(1, "conditions: []")
		w(1, "identifiers:")
		for _, id := range identifiers {
			w(2, "%s: %s", id[0], id[1])
		}
		w(1, "model: %s", model)
		w(1, "permissions: []")
		w(1, "state: present")
	}
	boolS := strconv.FormatBool
	w(0, "context: {}")
	w(0, "entries:")
	entry("authentik_flows.flow", [][2]string{{"pk", yamlStr(fl.PK)}, {"slug", yamlStr(fl.Slug)}}, [][2]string{
		{"authentication", yamlStr(fl.Authentication)},
		{"compatibility_mode", boolS(fl.CompatibilityMode)},
		{"denied_action", yamlStr(fl.DeniedAction)},
		{"designation", yamlStr(fl.Designation)},
		{"layout", yamlStr(fl.Layout)},
		{"name", yamlStr(fl.Name)},
		{"policy_engine_mode", yamlStr(fl.PolicyEngineMode)},
		{"title", yamlStr(fl.Title)},
	})
	var bs []*bindingRec
	for _, x := range f.bindings {
		if x.Target == fl.PK {
			bs = append(bs, x)
		}
	}
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Order < bs[j].Order })
	seen := map[string]bool{}
	for _, x := range bs {
		if seen[x.Stage] {
			continue
		}
		seen[x.Stage] = true
		st := f.stageByPK[x.Stage]
		entry(st.Model, [][2]string{{"pk", yamlStr(st.PK)}}, [][2]string{{"name", yamlStr(st.Name)}})
	}
	for _, x := range bs {
		entry("authentik_flows.flowstagebinding", [][2]string{{"pk", yamlStr(x.PK)}}, [][2]string{
			{"evaluate_on_plan", boolS(x.EvaluateOnPlan)},
			{"invalid_response_action", yamlStr(x.InvalidResponseAction)},
			{"order", strconv.Itoa(x.Order)},
			{"policy_engine_mode", yamlStr(x.PolicyEngineMode)},
			{"re_evaluate_policies", boolS(x.ReEvaluatePolicies)},
			{"stage", yamlStr(x.Stage)},
			{"target", yamlStr(x.Target)},
		})
	}
	type pb struct {
		target string
		ref    policyRef
	}
	var pbs []pb
	for _, r := range sortedPolicyRefs(fl.Policies) {
		pbs = append(pbs, pb{fl.PBM, r})
	}
	for _, x := range bs {
		for _, r := range sortedPolicyRefs(x.Policies) {
			pbs = append(pbs, pb{x.PBM, r})
		}
	}
	seen = map[string]bool{}
	for _, x := range pbs {
		if seen[x.ref.Policy] {
			continue
		}
		seen[x.ref.Policy] = true
		if p := f.policyByPK[x.ref.Policy]; p != nil {
			entry(p.Model, [][2]string{{"pk", yamlStr(p.PK)}}, [][2]string{{"name", yamlStr(p.Name)}})
		}
	}
	for _, x := range pbs {
		entry("authentik_policies.policybinding", [][2]string{
			{"order", strconv.Itoa(x.ref.Order)}, {"policy", yamlStr(x.ref.Policy)}, {"target", yamlStr(x.target)},
		}, [][2]string{
			{"enabled", "true"}, {"failure_result", "false"}, {"negate", "false"}, {"order", strconv.Itoa(x.ref.Order)},
			{"policy", yamlStr(x.ref.Policy)}, {"target", yamlStr(x.target)}, {"timeout", "30"},
		})
	}
	w(0, "metadata:")
	w(1, "labels:")
	w(2, "blueprints.goauthentik.io/generated: 'true'")
	w(1, "name: %s", yamlStr("authentik Export - "+fl.Name))
	w(0, "version: 1")
	return b.String()
}
