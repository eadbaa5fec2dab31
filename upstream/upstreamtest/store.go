package upstreamtest

import (
	"crypto/sha1"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
)

// Seed sizes. The default install of authentik 2026.5 has 14 flows, 18
// stages and 20 bindings; the fake adds the example flows
// default-enrollment-flow (4 bindings, 4 stages), default-recovery-flow (5,
// 5) and default-unenrollment-flow (1, 1).
const (
	DefaultInstallFlows    = 14
	DefaultInstallStages   = 18
	DefaultInstallBindings = 20

	SeedFlows    = 17 // flows in a fresh Fake without WithExtraFlows
	SeedStages   = 28 // stages in a fresh Fake
	SeedBindings = 30 // bindings in a fresh Fake without WithExtraFlows/WithExtraBindings
	SeedPolicies = 9  // expression policies referenced by flows and bindings
)

//go:embed testdata/flows.json testdata/stages.json testdata/bindings.json testdata/policies.json testdata/stage_types.json testdata/stage_settings.json
var fixtures embed.FS

// Designations, layouts and the other enums of the flows API.
var (
	designations      = []string{"authentication", "authorization", "invalidation", "enrollment", "unenrollment", "recovery", "stage_configuration"}
	layouts2026       = []string{"stacked", "content_left", "content_right", "sidebar_left", "sidebar_right", "sidebar_left_frame_background", "sidebar_right_frame_background"}
	layouts2025       = []string{"stacked", "content_left", "content_right", "sidebar_left", "sidebar_right"}
	deniedActions     = []string{"message_continue", "message", "continue"}
	authentications   = []string{"none", "require_authenticated", "require_unauthenticated", "require_superuser", "require_redirect", "require_outpost"}
	policyEngineModes = []string{"all", "any"}
	invalidActions    = []string{"retry", "restart", "restart_with_context"}
)

// policyRef is one policy binding (authentik's PolicyBinding) on the flow or
// flow-stage binding that holds it. Exactly one of Policy, Group and User
// is set. The zero values of the optional fields are authentik's defaults
// (enabled, not negated, timeout 30, failure_result false).
type policyRef struct {
	Policy        string `json:"policy"`
	Order         int    `json:"order"`
	PK            string `json:"pk,omitempty"` // assigned at seeding when empty
	Group         string `json:"group,omitempty"`
	User          int    `json:"user,omitempty"`
	Negate        bool   `json:"negate,omitempty"`
	Disabled      bool   `json:"disabled,omitempty"`
	Timeout       *int   `json:"timeout,omitempty"` // nil: 30 seconds
	FailureResult bool   `json:"failure_result,omitempty"`
}

type flowRec struct {
	PK                string      `json:"pk"`
	PBM               string      `json:"pbm"`
	Slug              string      `json:"slug"`
	Name              string      `json:"name"`
	Title             string      `json:"title"`
	Designation       string      `json:"designation"`
	Authentication    string      `json:"authentication"`
	Layout            string      `json:"layout"`
	PolicyEngineMode  string      `json:"policy_engine_mode"`
	CompatibilityMode bool        `json:"compatibility_mode"`
	DeniedAction      string      `json:"denied_action"`
	Background        string      `json:"background"`
	CacheCount        int         `json:"cache_count"`
	Policies          []policyRef `json:"policies"`
	Source            string      `json:"source"`
	seq               int
}

type stageRec struct {
	PK            string `json:"pk"`
	Name          string `json:"name"`
	Model         string `json:"model"`
	ConfigureFlow string `json:"configure_flow"` // flow slug in the fixture, flow pk in the store
	// Settings are the type's settings that differ from the model's
	// defaults (stages_typed.go), references as uuids.
	Settings map[string]any `json:"settings,omitempty"`
	seq      int
}

type bindingRec struct {
	PK                    string      `json:"pk"`
	PBM                   string      `json:"pbm"`
	Target                string      `json:"target"` // flow slug in the fixture, flow pk in the store
	Stage                 string      `json:"stage"`
	StageName             string      `json:"stage_name"` // fixture documentation only, checked on load
	Order                 int         `json:"order"`
	EvaluateOnPlan        bool        `json:"evaluate_on_plan"`
	ReEvaluatePolicies    bool        `json:"re_evaluate_policies"`
	PolicyEngineMode      string      `json:"policy_engine_mode"`
	InvalidResponseAction string      `json:"invalid_response_action"`
	Policies              []policyRef `json:"policies"`
	seq                   int
}

type policyRec struct {
	PK    string `json:"pk"`
	Name  string `json:"name"`
	Model string `json:"model"`
}

type stageType struct {
	Model              string `json:"model"` // app_label.model
	VerboseName        string `json:"verbose_name"`
	VerboseNamePlural  string `json:"verbose_name_plural"`
	Component          string `json:"component"`
	Description        string `json:"description"`
	RequiresEnterprise bool   `json:"requires_enterprise"`
	Deprecated         bool   `json:"deprecated"`
}

func (t *stageType) modelName() string {
	for i := len(t.Model) - 1; i >= 0; i-- {
		if t.Model[i] == '.' {
			return t.Model[i+1:]
		}
	}
	return t.Model
}

func (t *stageType) appLabel() string {
	for i := 0; i < len(t.Model); i++ {
		if t.Model[i] == '.' {
			return t.Model[:i]
		}
	}
	return t.Model
}

func mustLoad(name string, v any) {
	b, err := fixtures.ReadFile("testdata/" + name)
	if err != nil {
		panic("upstreamtest: " + err.Error())
	}
	if err := json.Unmarshal(b, v); err != nil {
		panic(fmt.Sprintf("upstreamtest: fixture %s: %v", name, err))
	}
}

// fakeUUID derives a deterministic, RFC 4122 version 5 style UUID from key.
func fakeUUID(key string) string {
	h := sha1.Sum([]byte("flowgate-upstreamtest/" + key))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// seed loads the fixtures and generated data. Caller holds no lock (fresh Fake).
func (f *Fake) seed() {
	var flows []*flowRec
	var stages []*stageRec
	var bindings []*bindingRec
	var policies []*policyRec
	var types []*stageType
	mustLoad("flows.json", &flows)
	mustLoad("stages.json", &stages)
	mustLoad("bindings.json", &bindings)
	mustLoad("policies.json", &policies)
	mustLoad("stage_types.json", &types)

	for _, t := range types {
		f.types = append(f.types, t)
		f.typeByModel[t.Model] = t
	}
	for _, p := range policies {
		f.policies = append(f.policies, p)
		f.policyByPK[p.PK] = p
	}
	slugToPK := map[string]string{}
	for _, fl := range flows {
		f.addFlow(fl)
		slugToPK[fl.Slug] = fl.PK
		for _, pr := range fl.Policies {
			if f.policyByPK[pr.Policy] == nil {
				panic("upstreamtest: fixture flow " + fl.Slug + " references unknown policy " + pr.Policy)
			}
		}
	}
	for _, st := range stages {
		if st.ConfigureFlow != "" {
			pk, ok := slugToPK[st.ConfigureFlow]
			if !ok {
				panic("upstreamtest: fixture stage " + st.Name + " configures unknown flow " + st.ConfigureFlow)
			}
			st.ConfigureFlow = pk
		}
		if f.typeByModel[st.Model] == nil {
			panic("upstreamtest: fixture stage " + st.Name + " has unknown model " + st.Model)
		}
		f.addStage(st)
	}
	for _, b := range bindings {
		pk, ok := slugToPK[b.Target]
		if !ok {
			panic("upstreamtest: fixture binding targets unknown flow " + b.Target)
		}
		b.Target = pk
		st := f.stageByPK[b.Stage]
		if st == nil || st.Name != b.StageName {
			panic("upstreamtest: fixture binding " + b.PK + " has inconsistent stage " + b.Stage)
		}
		for _, pr := range b.Policies {
			if f.policyByPK[pr.Policy] == nil {
				panic("upstreamtest: fixture binding " + b.PK + " references unknown policy " + pr.Policy)
			}
		}
		f.addBinding(b)
	}
	f.seedTypedStages()
	f.generate()
	f.generateScale()
	f.assignPolicyBindingPKs()
}

// generateScale adds the WithScale install.
func (f *Fake) generateScale() {
	sc := f.cfg.scale
	if sc.flows == 0 {
		return
	}
	pols := make([]*policyRec, sc.policies)
	for i := range pols {
		name := fmt.Sprintf("large-policy-%03d", i+1)
		pols[i] = &policyRec{PK: fakeUUID("large-policy:" + name), Name: name, Model: "authentik_policies_expression.expressionpolicy"}
		f.policies = append(f.policies, pols[i])
		f.policyByPK[pols[i].PK] = pols[i]
	}
	stages := make([]*stageRec, sc.stages)
	for i := range stages {
		name := fmt.Sprintf("large-stage-%04d", i+1)
		stages[i] = &stageRec{PK: fakeUUID("large-stage:" + name), Name: name, Model: f.types[i%len(f.types)].Model}
		f.addStage(stages[i])
	}
	// Stride through the stages so that a flow's bindings use distinct
	// stages and every stage is used equally often.
	stride := sc.stages / max(sc.bindingsPerFlow, 1)
	if stride < 1 {
		stride = 1
	}
	for i := 1; i <= sc.flows; i++ {
		slug := fmt.Sprintf("large-flow-%04d", i)
		fl := &flowRec{
			PK:               fakeUUID("large-flow:" + slug),
			PBM:              fakeUUID("large-flow-pbm:" + slug),
			Slug:             slug,
			Name:             fmt.Sprintf("Large flow %04d", i),
			Title:            fmt.Sprintf("Large Flow %04d", i),
			Designation:      designations[(i-1)%len(designations)],
			Authentication:   authentications[(i-1)%len(authentications)],
			Layout:           "stacked",
			PolicyEngineMode: policyEngineModes[i%2],
			DeniedAction:     deniedActions[i%len(deniedActions)],
			Source:           "generated",
		}
		if i%3 == 0 {
			fl.Policies = []policyRef{{Policy: pols[i%len(pols)].PK, Order: 0}}
		}
		f.addFlow(fl)
		used := map[int]bool{}
		for j := 0; j < sc.bindingsPerFlow; j++ {
			k := (i + j*stride) % sc.stages
			for used[k] {
				k = (k + 1) % sc.stages
			}
			used[k] = true
			key := fmt.Sprintf("%s:%d", slug, j)
			b := &bindingRec{
				PK:                    fakeUUID("large-binding:" + key),
				PBM:                   fakeUUID("large-binding-pbm:" + key),
				Target:                fl.PK,
				Stage:                 stages[k].PK,
				Order:                 (j + 1) * 10,
				EvaluateOnPlan:        j%3 == 0,
				ReEvaluatePolicies:    j%3 != 0,
				PolicyEngineMode:      policyEngineModes[j%2],
				InvalidResponseAction: invalidActions[j%len(invalidActions)],
			}
			if i%4 == 0 && j == 1 {
				b.Policies = []policyRef{
					{Policy: pols[(i+j)%len(pols)].PK, Order: 0},
					{Policy: pols[(i+j+1)%len(pols)].PK, Order: 10},
				}
			}
			f.addBinding(b)
		}
	}
}

// generate adds WithExtraFlows / WithExtraBindings data.
func (f *Fake) generate() {
	// Seeded stages in name order give a stable pick list.
	pick := make([]*stageRec, len(f.stages))
	copy(pick, f.stages)
	sort.Slice(pick, func(i, j int) bool { return pick[i].Name < pick[j].Name })

	for i := 1; i <= f.cfg.extraFlows; i++ {
		slug := fmt.Sprintf("gen-flow-%04d", i)
		fl := &flowRec{
			PK:               fakeUUID("gen-flow:" + slug),
			PBM:              fakeUUID("gen-flow-pbm:" + slug),
			Slug:             slug,
			Name:             fmt.Sprintf("Generated flow %04d", i),
			Title:            fmt.Sprintf("Generated Flow %04d", i),
			Designation:      designations[(i-1)%len(designations)],
			Authentication:   authentications[(i-1)%3],
			Layout:           "stacked",
			PolicyEngineMode: "any",
			DeniedAction:     "message_continue",
			Source:           "generated",
		}
		f.addFlow(fl)
		nb := i % 4
		for j := 0; j < nb; j++ {
			st := pick[(i*5+j*7)%len(pick)]
			key := fmt.Sprintf("%s:%d", slug, j)
			f.addBinding(&bindingRec{
				PK:                    fakeUUID("gen-binding:" + key),
				PBM:                   fakeUUID("gen-binding-pbm:" + key),
				Target:                fl.PK,
				Stage:                 st.PK,
				Order:                 (j + 1) * 10,
				EvaluateOnPlan:        j == 2,
				ReEvaluatePolicies:    j != 2,
				PolicyEngineMode:      "any",
				InvalidResponseAction: "retry",
			})
		}
	}
	if f.cfg.extraBindings > 0 {
		targets := make([]*flowRec, len(f.flows))
		copy(targets, f.flows)
		// One generated stage per two extra bindings keeps flow_set (embedded
		// in every binding's stage_obj) at a realistic size.
		genModels := []string{
			"authentik_stages_prompt.promptstage",
			"authentik_stages_user_write.userwritestage",
			"authentik_stages_identification.identificationstage",
			"authentik_stages_password.passwordstage",
			"authentik_stages_consent.consentstage",
			"authentik_stages_dummy.dummystage",
		}
		var st *stageRec
		for i := 0; i < f.cfg.extraBindings; i++ {
			if i%2 == 0 {
				name := fmt.Sprintf("gen-stage-%04d", i/2+1)
				st = &stageRec{PK: fakeUUID("gen-stage:" + name), Name: name, Model: genModels[(i/2)%len(genModels)]}
				f.addStage(st)
			}
			fl := targets[i%len(targets)]
			key := fmt.Sprintf("%d", i)
			// Orders >= 1000 never clash with seeded or generated-flow
			// bindings, and a fresh stage per pair keeps (target, stage,
			// order) unique.
			f.addBinding(&bindingRec{
				PK:                    fakeUUID("extra-binding:" + key),
				PBM:                   fakeUUID("extra-binding-pbm:" + key),
				Target:                fl.PK,
				Stage:                 st.PK,
				Order:                 1000 + 10*(i/len(targets)),
				EvaluateOnPlan:        i%3 == 0,
				ReEvaluatePolicies:    i%3 != 0 || i%2 == 0,
				PolicyEngineMode:      policyEngineModes[i%2],
				InvalidResponseAction: invalidActions[i%3],
			})
		}
	}
}

func (f *Fake) nextSeq() int {
	f.seq++
	return f.seq
}

func (f *Fake) addFlow(fl *flowRec) {
	fl.seq = f.nextSeq()
	if fl.Policies == nil {
		fl.Policies = []policyRef{}
	}
	f.flows = append(f.flows, fl)
	f.flowByPK[fl.PK] = fl
}

func (f *Fake) addStage(st *stageRec) {
	st.seq = f.nextSeq()
	f.stages = append(f.stages, st)
	f.stageByPK[st.PK] = st
}

func (f *Fake) addBinding(b *bindingRec) {
	b.seq = f.nextSeq()
	if b.Policies == nil {
		b.Policies = []policyRef{}
	}
	f.bindings = append(f.bindings, b)
	f.bindingByPK[b.PK] = b
}

func (f *Fake) flowBySlugLocked(slug string) *flowRec {
	for _, fl := range f.flows {
		if fl.Slug == slug {
			return fl
		}
	}
	return nil
}

func (f *Fake) deleteBindingLocked(pk string) {
	delete(f.bindingByPK, pk)
	for i, b := range f.bindings {
		if b.PK == pk {
			f.bindings = append(f.bindings[:i:i], f.bindings[i+1:]...)
			return
		}
	}
}

func (f *Fake) deleteFlowLocked(fl *flowRec) {
	for _, b := range append([]*bindingRec(nil), f.bindings...) {
		if b.Target == fl.PK {
			f.deleteBindingLocked(b.PK)
		}
	}
	for _, st := range f.stages {
		if st.ConfigureFlow == fl.PK {
			st.ConfigureFlow = "" // on_delete=SET_NULL
		}
	}
	delete(f.flowByPK, fl.PK)
	for i, x := range f.flows {
		if x == fl {
			f.flows = append(f.flows[:i:i], f.flows[i+1:]...)
			break
		}
	}
}

func (f *Fake) deleteStageLocked(st *stageRec) {
	for _, b := range append([]*bindingRec(nil), f.bindings...) {
		if b.Stage == st.PK {
			f.invalidateFlowCache(b.Target)
			f.deleteBindingLocked(b.PK)
		}
	}
	delete(f.stageByPK, st.PK)
	for i, x := range f.stages {
		if x == st {
			f.stages = append(f.stages[:i:i], f.stages[i+1:]...)
			break
		}
	}
}

// invalidateFlowCache mirrors authentik's post_save signal that drops the
// cached plans of a flow when the flow or one of its bindings changes.
func (f *Fake) invalidateFlowCache(flowPK string) {
	if fl := f.flowByPK[flowPK]; fl != nil {
		fl.CacheCount = 0
	}
}

// index is a per-request view of the relations.
type index struct {
	byFlow     map[string][]*bindingRec
	byStage    map[string][]*bindingRec
	stageCache map[string]rawJSON
	// policyBound counts each policy's bindings, computed on first use.
	policyBound map[string]int
}

func (f *Fake) buildIndex() *index {
	ix := &index{byFlow: map[string][]*bindingRec{}, byStage: map[string][]*bindingRec{}, stageCache: map[string]rawJSON{}}
	for _, b := range f.bindings {
		ix.byFlow[b.Target] = append(ix.byFlow[b.Target], b)
		ix.byStage[b.Stage] = append(ix.byStage[b.Stage], b)
	}
	return ix
}

// FlowBySlug returns the pk (flow_uuid) of the flow with the given slug.
func (f *Fake) FlowBySlug(slug string) (pk string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.flowBySlugLocked(slug); fl != nil {
		return fl.PK, true
	}
	return "", false
}

// FlowPBM returns the policybindingmodel_ptr_id of the flow with the given slug.
func (f *Fake) FlowPBM(slug string) (pbm string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.flowBySlugLocked(slug); fl != nil {
		return fl.PBM, true
	}
	return "", false
}

// StagePK returns the pk of the stage with the given (unique) name.
func (f *Fake) StagePK(name string) (pk string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, st := range f.stages {
		if st.Name == name {
			return st.PK, true
		}
	}
	return "", false
}

// PolicyPK returns the pk of the seeded policy with the given name.
func (f *Fake) PolicyPK(name string) (pk string, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.policies {
		if p.Name == name {
			return p.PK, true
		}
	}
	return "", false
}

// BindingPKs returns the pks of the bindings of the flow with the given
// slug, sorted by (order, pk) — the order the flow executor uses. It returns
// nil for an unknown slug.
func (f *Fake) BindingPKs(flowSlug string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	fl := f.flowBySlugLocked(flowSlug)
	if fl == nil {
		return nil
	}
	var bs []*bindingRec
	for _, b := range f.bindings {
		if b.Target == fl.PK {
			bs = append(bs, b)
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		if bs[i].Order != bs[j].Order {
			return bs[i].Order < bs[j].Order
		}
		return bs[i].PK < bs[j].PK
	})
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.PK)
	}
	return out
}

// FlowSlugs returns the slugs of all flows, sorted.
func (f *Fake) FlowSlugs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.flows))
	for _, fl := range f.flows {
		out = append(out, fl.Slug)
	}
	sort.Strings(out)
	return out
}

// Counts returns the current number of flows, stages and bindings.
func (f *Fake) Counts() (flows, stages, bindings int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.flows), len(f.stages), len(f.bindings)
}

// SetCacheCount sets the number of cached plans reported for a flow
// (Flow.cache_count; cache_info reports the sum). It returns false for an
// unknown slug.
func (f *Fake) SetCacheCount(slug string, n int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	fl := f.flowBySlugLocked(slug)
	if fl == nil {
		return false
	}
	f.pages.drop()
	fl.CacheCount = n
	return true
}

// Snapshot returns the fake's data (flows, stages, bindings, in storage
// order) as JSON, for tests that assert that nothing changed.
func (f *Fake) Snapshot() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := json.Marshal(struct {
		Flows    []*flowRec    `json:"flows"`
		Stages   []*stageRec   `json:"stages"`
		Bindings []*bindingRec `json:"bindings"`
	}{f.flows, f.stages, f.bindings})
	if err != nil {
		panic("upstreamtest: snapshot: " + err.Error())
	}
	return string(b)
}
