package graph

import (
	"context"
	"strconv"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Lookahead planning. A root field that returns flows, stages or bindings
// knows its objects before any child resolver runs, and the selection set
// says what the children will load. plan walks the selection level by
// level: at each level it collects every key each loader will be asked for
// (all parents of that level, deduplicated against earlier levels), loads
// them in one batch per loader (loader.Loaders.Fetch, by loader.BatchCost's
// rule), and moves on to the children of what came back. When it returns,
// the child resolvers find every value loaded and send nothing.
//
// Batches are formed from the query and the data alone, never by waiting
// or by how resolvers happen to be scheduled: the same query over the same
// data sends the same upstream requests every time. Keys that no plan
// covers (a field added later without lookahead) are loaded when asked,
// each as a batch of its own, at once.

// lookahead is one plan's state.
type lookahead struct {
	ctx  context.Context
	oc   *graphql.OperationContext
	doc  *docFields // oc's document's cache of collected fields (collect.go), or nil
	l    *loader.Loaders
	seen map[visit]bool
	sels map[string][]ast.SelectionSet // memoised child selections
	// deferred includes fields under @defer (sent in later payloads); a
	// plan without them notes in sawDeferred that it skipped some.
	deferred, sawDeferred bool
}

// visit identifies an object visited under one selection.
type visit struct {
	sel  string
	kind byte
	pk   string
}

// level collects one level's keys, and what to do once they are loaded.
type level struct {
	flowByPK, bindingsByFlow, bindingsByStage, policyByPK []string
	policyTargets                                         []loader.PolicyTarget
	then                                                  []func(next *level)
}

func (lv *level) empty() bool {
	return len(lv.flowByPK)+len(lv.bindingsByFlow)+len(lv.bindingsByStage)+len(lv.policyByPK)+len(lv.policyTargets)+len(lv.then) == 0
}

// maxLevels bounds a plan; MAX_DEPTH bounds queries far below it.
const maxLevels = 64

// plan runs a lookahead whose first level start fills, and returns when
// every key it found is loaded. Fields under @defer (over multipart) are
// planned too, but without holding the first payload: their first level's
// keys are reserved before plan returns, so that the deferred resolvers
// find them loading, and fetched in the background, level by level.
func plan(ctx context.Context, start func(la *lookahead, lv *level)) {
	l := loader.For(ctx)
	if l.Naive() {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	doc := docOf(oc)
	la := &lookahead{ctx: ctx, oc: oc, doc: doc, l: l, seen: map[visit]bool{}, sels: map[string][]ast.SelectionSet{}}
	lv := &level{}
	start(la, lv)
	la.run(lv.reserve(l), lv)
	if !la.sawDeferred {
		return
	}
	dla := &lookahead{ctx: ctx, oc: oc, doc: doc, l: l, seen: map[visit]bool{}, sels: map[string][]ast.SelectionSet{}, deferred: true}
	dlv := &level{}
	start(dla, dlv)
	wants := dlv.reserve(l)
	go dla.run(wants, dlv)
}

// reserve reserves the level's keys in their loaders.
func (lv *level) reserve(l *loader.Loaders) []loader.Want {
	ws := []loader.Want{l.FlowByPK.Want(lv.flowByPK), l.BindingsByFlow.Want(lv.bindingsByFlow), l.BindingsByStage.Want(lv.bindingsByStage)}
	// The policy loaders are made on first use.
	if len(lv.policyByPK) > 0 {
		ws = append(ws, l.PolicyByPK().Want(lv.policyByPK))
	}
	if len(lv.policyTargets) > 0 {
		ws = append(ws, l.PolicyBindingsByTarget().Want(lv.policyTargets))
	}
	return ws
}

// run fetches a level's reserved keys, then plans and fetches the levels
// below it.
func (la *lookahead) run(wants []loader.Want, lv *level) {
	for range maxLevels {
		if lv.empty() {
			return
		}
		la.l.Fetch(la.ctx, wants...)
		next := &level{}
		for _, f := range lv.then {
			f(next)
		}
		lv = next
		wants = lv.reserve(la.l)
	}
}

// selKey identifies a list of selection sets by the fields in them.
func selKey(sels []ast.SelectionSet) string {
	var b []byte
	for _, s := range sels {
		for _, f := range s {
			var p unsafe.Pointer
			switch f := f.(type) {
			case *ast.Field:
				p = unsafe.Pointer(f)
			case *ast.InlineFragment:
				p = unsafe.Pointer(f)
			case *ast.FragmentSpread:
				p = unsafe.Pointer(f)
			}
			b = strconv.AppendUint(b, uint64(uintptr(p)), 16)
			b = append(b, ',')
		}
		b = append(b, ';')
	}
	return string(b)
}

// child returns the selection sets of the fields named name in sels (every
// alias, through fragments), memoised per plan.
func (la *lookahead) child(sels []ast.SelectionSet, key, name string) []ast.SelectionSet {
	mk := key + "/" + name
	if out, ok := la.sels[mk]; ok {
		return out
	}
	out, skipped := selectedFields(la.oc, la.doc, sels, name, la.deferred)
	la.sawDeferred = la.sawDeferred || skipped
	la.sels[mk] = out
	return out
}

func (la *lookahead) any(sels []ast.SelectionSet, key string, names ...string) bool {
	for _, n := range names {
		if len(la.child(sels, key, n)) > 0 {
			return true
		}
	}
	return false
}

// fresh drops the keys already visited under sel.
func (la *lookahead) fresh(sel string, kind byte, pks []string) []string {
	out := pks[:0:0]
	for _, pk := range pks {
		v := visit{sel, kind, pk}
		if !la.seen[v] {
			la.seen[v] = true
			out = append(out, pk)
		}
	}
	return out
}

// flowRef is a flow as a resolver will hold it: full (from a listing or
// lookup) or stripped (from a stage's flow_set).
type flowRef struct {
	pk, pbm string
	full    bool
}

// flows plans what sels load below these flows.
func (la *lookahead) flows(lv *level, sels []ast.SelectionSet, refs []flowRef) {
	if len(sels) == 0 || len(refs) == 0 {
		return
	}
	key := selKey(sels)
	full := make(map[string]bool, len(refs))
	pbm := make(map[string]string, len(refs))
	pks := make([]string, 0, len(refs))
	for _, r := range refs {
		if _, ok := full[r.pk]; !ok {
			pks = append(pks, r.pk)
		}
		full[r.pk] = full[r.pk] || r.full
		if r.pbm != "" {
			pbm[r.pk] = r.pbm
		}
	}
	pks = la.fresh(key, 'f', pks)
	if len(pks) == 0 {
		return
	}
	// A flow's policies are embedded in its policy bindings (policy_obj):
	// when those are asked for too, Flow.policies takes them from there.
	if la.any(sels, key, "policies") && !la.any(sels, key, "policyBindings") {
		for _, pk := range pks {
			if f, ok := la.l.FlowByPK.Loaded(pk); ok {
				lv.policyByPK = append(lv.policyByPK, f.Policies...)
			}
		}
	}
	// A flow's own policy bindings go in the batch of its bindings' when
	// both are asked for: one target_in request for all of them.
	var ownTargets []loader.PolicyTarget
	if la.any(sels, key, "policyBindings") {
		for _, pk := range pks {
			ownTargets = append(ownTargets, loader.PolicyTarget{PBM: pbm[pk], PK: pk})
		}
	}
	if la.any(sels, key, "authentication", "cacheCount", "policyIds") {
		for _, pk := range pks {
			if !full[pk] {
				lv.flowByPK = append(lv.flowByPK, pk)
			}
		}
	}
	bSels, sSels := la.child(sels, key, "bindings"), la.child(sels, key, "stages")
	if len(bSels)+len(sSels) == 0 {
		lv.policyTargets = append(lv.policyTargets, ownTargets...)
		return
	}
	nested := len(bSels) > 0 && la.any(bSels, selKey(bSels), "policyBindings")
	if !nested {
		lv.policyTargets = append(lv.policyTargets, ownTargets...)
	}
	parents := make(map[string]flowRef, len(pks))
	for _, pk := range pks {
		parents[pk] = flowRef{pk: pk, pbm: pbm[pk], full: full[pk]}
	}
	lv.bindingsByFlow = append(lv.bindingsByFlow, pks...)
	lv.then = append(lv.then, func(nx *level) {
		if nested {
			nx.policyTargets = append(nx.policyTargets, ownTargets...)
		}
		var bs []*upstream.FlowStageBinding
		for _, pk := range pks {
			if items, ok := la.l.BindingsByFlow.Loaded(pk); ok {
				bs = append(bs, items...)
			}
		}
		la.bindings(nx, bSels, bs, parents)
		if len(sSels) > 0 {
			stages := make([]*upstream.Stage, 0, len(bs))
			for _, b := range bs {
				if b.StageObj != nil {
					stages = append(stages, b.StageObj)
				}
			}
			la.stages(nx, sSels, stages)
		}
	})
}

// stages plans what sels load below these stages.
func (la *lookahead) stages(lv *level, sels []ast.SelectionSet, stages []*upstream.Stage) {
	if len(sels) == 0 || len(stages) == 0 {
		return
	}
	key := selKey(sels)
	byPK := make(map[string]*upstream.Stage, len(stages))
	pks := make([]string, 0, len(stages))
	for _, s := range stages {
		if _, ok := byPK[s.PK]; !ok {
			byPK[s.PK] = s
			pks = append(pks, s.PK)
		}
	}
	pks = la.fresh(key, 's', pks)
	if len(pks) == 0 {
		return
	}
	if fSels := la.child(sels, key, "flows"); len(fSels) > 0 {
		var refs []flowRef
		for _, pk := range pks {
			for i := range byPK[pk].FlowSet {
				fs := byPK[pk].FlowSet[i]
				refs = append(refs, flowRef{pk: fs.PK, pbm: fs.PolicyBindingModelPtrID})
			}
		}
		la.flows(lv, fSels, refs)
	}
	if bSels := la.child(sels, key, "bindings"); len(bSels) > 0 {
		lv.bindingsByStage = append(lv.bindingsByStage, pks...)
		lv.then = append(lv.then, func(nx *level) {
			var bs []*upstream.FlowStageBinding
			for _, pk := range pks {
				if items, ok := la.l.BindingsByStage.Loaded(pk); ok {
					bs = append(bs, items...)
				}
			}
			la.bindings(nx, bSels, bs, nil)
		})
	}
}

// bindings plans what sels load below these bindings. parents, when not
// nil, are the flows whose bindings field returned them, by pk.
func (la *lookahead) bindings(lv *level, sels []ast.SelectionSet, bs []*upstream.FlowStageBinding, parents map[string]flowRef) {
	if len(sels) == 0 || len(bs) == 0 {
		return
	}
	key := selKey(sels)
	pks := make([]string, len(bs))
	byPK := make(map[string]*upstream.FlowStageBinding, len(bs))
	for i, b := range bs {
		pks[i] = b.PK
		byPK[b.PK] = b
	}
	pks = la.fresh(key, 'b', pks)
	if len(pks) == 0 {
		return
	}
	if la.any(sels, key, "policyBindings") {
		for _, pk := range pks {
			lv.policyTargets = append(lv.policyTargets, loader.PolicyTarget{PBM: byPK[pk].PolicyBindingModelPtrID, PK: pk})
		}
	}
	if stSels := la.child(sels, key, "stage"); len(stSels) > 0 {
		stages := make([]*upstream.Stage, 0, len(pks))
		for _, pk := range pks {
			if s := byPK[pk].StageObj; s != nil {
				stages = append(stages, s)
			}
		}
		la.stages(lv, stSels, stages)
	}
	tSels := la.child(sels, key, "target")
	if len(tSels) == 0 {
		return
	}
	// The target as the resolvers will hold it: the parent flow, else the
	// entry of the embedded stage's flow_set, else loaded by pk.
	var refs []flowRef
	var load []string
	for _, pk := range pks {
		b := byPK[pk]
		if p, ok := parents[b.Target]; ok {
			refs = append(refs, p)
		} else if fs := model.TargetFlowSet(b); fs != nil {
			refs = append(refs, flowRef{pk: b.Target, pbm: fs.PolicyBindingModelPtrID})
		} else {
			load = append(load, b.Target)
		}
	}
	la.flows(lv, tSels, refs)
	if len(load) > 0 {
		lv.flowByPK = append(lv.flowByPK, load...)
		lv.then = append(lv.then, func(nx *level) {
			loaded := make([]flowRef, 0, len(load))
			for _, pk := range load {
				if f, ok := la.l.FlowByPK.Loaded(pk); ok {
					loaded = append(loaded, flowRef{pk: pk, pbm: f.PolicyBindingModelPtrID, full: true})
				}
			}
			la.flows(nx, tSels, loaded)
		})
	}
}

// selectedIn returns the selection sets of the children named name in sels
// (every alias, through fragments).
func selectedIn(oc *graphql.OperationContext, sels []ast.SelectionSet, name string) []ast.SelectionSet {
	out, _ := selectedFields(oc, docOf(oc), sels, name, true)
	return out
}

// selectedFields is selectedIn, leaving out deferred fields (@defer over
// multipart) unless deferred is set; skipped reports that it left some out.
func selectedFields(oc *graphql.OperationContext, d *docFields, sels []ast.SelectionSet, name string, deferred bool) (out []ast.SelectionSet, skipped bool) {
	for _, sel := range sels {
		for _, f := range d.collect(oc, sel, nil).fields {
			if f.Name != name {
				continue
			}
			if !deferred && f.IsDeferred() {
				skipped = true
				continue
			}
			out = append(out, f.Selections)
		}
	}
	return out, skipped
}

// selected returns the selection sets of the children named name in sels.
func selected(ctx context.Context, sels []ast.SelectionSet, name string) []ast.SelectionSet {
	return selectedIn(graphql.GetOperationContext(ctx), sels, name)
}

// ownSelection is the current field's selection set.
func ownSelection(ctx context.Context) []ast.SelectionSet {
	return []ast.SelectionSet{graphql.GetFieldContext(ctx).Field.Selections}
}

// connectionNodes is the selection on a connection's items: nodes and
// edges.node.
func connectionNodes(ctx context.Context) []ast.SelectionSet {
	own := ownSelection(ctx)
	return append(selected(ctx, own, "nodes"), selected(ctx, selected(ctx, own, "edges"), "node")...)
}

// planFlows plans the subtree of sels below full flows.
func planFlows(ctx context.Context, sels []ast.SelectionSet, flows []*upstream.Flow) {
	if len(flows) == 0 || len(sels) == 0 {
		return
	}
	plan(ctx, func(la *lookahead, lv *level) {
		refs := make([]flowRef, len(flows))
		for i, f := range flows {
			refs[i] = flowRef{pk: f.PK, pbm: f.PolicyBindingModelPtrID, full: true}
		}
		la.flows(lv, sels, refs)
	})
}

// planStages plans the subtree of sels below stages.
func planStages(ctx context.Context, sels []ast.SelectionSet, stages []*upstream.Stage) {
	if len(stages) == 0 || len(sels) == 0 {
		return
	}
	plan(ctx, func(la *lookahead, lv *level) { la.stages(lv, sels, stages) })
}

// planBindings plans the subtree of sels below bindings.
func planBindings(ctx context.Context, sels []ast.SelectionSet, bs []*upstream.FlowStageBinding) {
	if len(bs) == 0 || len(sels) == 0 {
		return
	}
	plan(ctx, func(la *lookahead, lv *level) { la.bindings(lv, sels, bs, nil) })
}

// pointersTo returns pointers to items' elements.
func pointersTo[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// planRoot plans the operation's root lookups (flow, stage,
// flowStageBinding) and their subtrees as one lookahead, once per request:
// sibling lookups share one batch per loader, and so do their children.
// Every root lookup resolver calls it first; the first call plans, the
// others wait for it. Mutations are not planned (their reads follow their
// writes).
func planRoot(ctx context.Context) {
	l := loader.For(ctx)
	oc := graphql.GetOperationContext(ctx)
	if l.Naive() || oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return
	}
	l.PlanOnce(func() {
		type lookup struct {
			kind byte // f: flow by slug, p: flow by pk, s: stage, b: binding
			key  string
			sels []ast.SelectionSet
		}
		var ls []lookup
		var slugs, flowPKs, stagePKs, bindingPKs []string
		for _, f := range collectedIn(oc, oc.Operation.SelectionSet, queryImplementors) {
			args := f.ArgumentMap(oc.Variables)
			str := func(name string) (string, bool) {
				s, ok := args[name].(string)
				return s, ok
			}
			sels := []ast.SelectionSet{f.Selections}
			switch f.Name {
			case "flow":
				slug, hasSlug := str("slug")
				pk, hasPK := str("pk")
				if hasSlug && !hasPK && checkSlug("slug", slug) == nil {
					slugs = append(slugs, slug)
					ls = append(ls, lookup{'f', slug, sels})
				} else if hasPK && !hasSlug {
					if id, err := normalizeUUID("pk", pk); err == nil {
						flowPKs = append(flowPKs, id)
						ls = append(ls, lookup{'p', id, sels})
					}
				}
			case "stage", "flowStageBinding":
				if pk, ok := str("pk"); ok {
					if id, err := normalizeUUID("pk", pk); err == nil {
						if f.Name == "stage" {
							stagePKs = append(stagePKs, id)
							ls = append(ls, lookup{'s', id, sels})
						} else {
							bindingPKs = append(bindingPKs, id)
							ls = append(ls, lookup{'b', id, sels})
						}
					}
				}
			}
		}
		if len(ls) == 0 {
			return
		}
		l.Fetch(ctx, l.FlowBySlug.Want(slugs), l.FlowByPK.Want(flowPKs), l.StageByPK.Want(stagePKs), l.BindingByPK.Want(bindingPKs))
		plan(ctx, func(la *lookahead, lv *level) {
			for _, lk := range ls {
				switch lk.kind {
				case 'f', 'p':
					ld := l.FlowBySlug
					if lk.kind == 'p' {
						ld = l.FlowByPK
					}
					if f, ok := ld.Loaded(lk.key); ok {
						la.flows(lv, lk.sels, []flowRef{{pk: f.PK, pbm: f.PolicyBindingModelPtrID, full: true}})
					}
				case 's':
					if s, ok := l.StageByPK.Loaded(lk.key); ok {
						la.stages(lv, lk.sels, []*upstream.Stage{s})
					}
				case 'b':
					if b, ok := l.BindingByPK.Loaded(lk.key); ok {
						la.bindings(lv, lk.sels, []*upstream.FlowStageBinding{b}, nil)
					}
				}
			}
		})
	})
}
