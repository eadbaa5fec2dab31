// Package loader holds the per-request dataloaders that batch and
// deduplicate flow, stage and binding lookups. Loaders are created for each
// GraphQL request (Middleware) and never shared across requests or callers:
// their caches hold one caller's view of authentik.
package loader

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"flowgate/upstream"
)

// Options tunes the loaders.
type Options struct {
	// Wait is how long a Load of a key that no lookahead asked for waits
	// for other such keys before its batch goes out; 0 (the default) sends
	// it at once. Keys the lookahead hands over (Want, Fetch) never wait.
	Wait time.Duration
	// Naive turns batching and deduplication off: one upstream call per
	// parent object. It exists to measure what the loaders buy.
	Naive bool
	// OnBatch, if set, is told each batch's loader name and key count
	// (metrics).
	OnBatch func(loader string, keys int)
}

// Loaders are one request's dataloaders. Values are upstream objects;
// resolvers convert them.
type Loaders struct {
	FlowBySlug      *Loader[string, *upstream.Flow]
	FlowByPK        *Loader[string, *upstream.Flow]
	StageByPK       *Loader[string, *upstream.Stage]
	BindingByPK     *Loader[string, *upstream.FlowStageBinding]
	BindingsByFlow  *Loader[string, []*upstream.FlowStageBinding]
	BindingsByStage *Loader[string, []*upstream.FlowStageBinding]
	// The loaders most requests never use (prompts, typed settings,
	// policies, per-object actions) are made on first use, by their
	// methods (PromptByPK, Settings, PolicyByPK, UsedByFlow, ...).
	up     *upstream.Client
	o      Options
	mu     sync.Mutex // guards more and resets
	more   *moreLoaders
	resets []func()

	// Models holds graph's models of this request's upstream objects, made
	// once per object however often the answer shows it (graph's
	// resolvers; forgotten with the rest by Invalidate).
	Models sync.Map

	naive    bool
	onBatch  func(loader string, keys int)
	planOnce sync.Once
	// stages shares the stages that binding pages embed (upstream.Stages).
	stages *upstream.Stages
	// bindingCounts holds, per flow pk and per stage pk, how many bindings
	// authentik says it has (len of Flow.stages, of Stage.flow_set), from
	// objects seen in this request: the cost of a per-key bindings request.
	bindingCounts sync.Map
}

// Ordering used for whole listings: stable, and for bindings the execution
// order, so grouped lists come out sorted.
const (
	flowOrdering    = "slug"
	bindingOrdering = "order,pk"
	stageOrdering   = "name"
)

// New returns fresh loaders over up.
func New(up *upstream.Client, o Options) *Loaders {
	l := &Loaders{naive: o.Naive, onBatch: o.OnBatch, stages: upstream.NewStages(), up: up, o: o}
	flows := newCatalogRef(func() *catalog[upstream.Flow] {
		return newCatalog(up, up.FlowPages(upstream.ListFlowsOptions{ListOptions: upstream.ListOptions{Ordering: flowOrdering}}),
			func(ctx context.Context, items []upstream.Flow) {
				for i := range items {
					l.PrimeFlow(ctx, &items[i])
				}
			})
	})
	bindings := newCatalogRef(func() *catalog[upstream.FlowStageBinding] {
		return newCatalog(up, up.BindingPages(upstream.ListBindingsOptions{ListOptions: upstream.ListOptions{Ordering: bindingOrdering}}),
			func(ctx context.Context, items []upstream.FlowStageBinding) {
				for i := range items {
					l.PrimeBinding(ctx, &items[i])
				}
			})
	})
	stages := newCatalogRef(func() *catalog[upstream.Stage] {
		return newCatalog(up, up.StagePages(upstream.ListStagesOptions{ListOptions: upstream.ListOptions{Ordering: stageOrdering}}),
			func(ctx context.Context, items []upstream.Stage) {
				for i := range items {
					l.PrimeStage(ctx, &items[i])
				}
			})
	})

	flowBySlug := &plan[string, *upstream.Flow, upstream.Flow]{
		unique:  true,
		cat:     flows,
		index:   indexOne(func(f *upstream.Flow) string { return f.Slug }),
		missing: notFound[*upstream.Flow]("flow"),
		get: func(ctx context.Context, slug string) (*upstream.Flow, error) {
			f, err := up.GetFlow(ctx, slug)
			if err == nil {
				l.PrimeFlow(ctx, f)
			}
			return f, err
		},
	}
	flowByPK := &plan[string, *upstream.Flow, upstream.Flow]{
		unique:  true,
		cat:     flows,
		index:   indexOne(func(f *upstream.Flow) string { return f.PK }),
		missing: notFound[*upstream.Flow]("flow"),
		get: func(ctx context.Context, pk string) (*upstream.Flow, error) {
			f, err := up.GetFlowByPK(ctx, pk)
			if err == nil {
				l.PrimeFlow(ctx, f)
			}
			return f, err
		},
	}
	stageByPK := &plan[string, *upstream.Stage, upstream.Stage]{
		unique:  true,
		cat:     stages,
		index:   indexOne(func(s *upstream.Stage) string { return s.PK }),
		missing: notFound[*upstream.Stage]("stage"),
		get:     up.GetStage,
	}
	bindingByPK := &plan[string, *upstream.FlowStageBinding, upstream.FlowStageBinding]{
		unique:  true,
		cat:     bindings,
		index:   indexOne(func(b *upstream.FlowStageBinding) string { return b.PK }),
		missing: notFound[*upstream.FlowStageBinding]("binding"),
		get:     up.GetBinding,
	}
	bindingsBy := func(key func(*upstream.FlowStageBinding) string, filter func(string) upstream.ListBindingsOptions) *plan[string, []*upstream.FlowStageBinding, upstream.FlowStageBinding] {
		return &plan[string, []*upstream.FlowStageBinding, upstream.FlowStageBinding]{
			cat:   bindings,
			pages: l.bindingPages,
			index: indexMany(key),
			missing: func(string) ([]*upstream.FlowStageBinding, error) {
				return []*upstream.FlowStageBinding{}, nil
			},
			get: func(ctx context.Context, k string) ([]*upstream.FlowStageBinding, error) {
				o := filter(k)
				o.Ordering = bindingOrdering
				items, err := upstream.All(ctx, up, up.BindingPages(o))
				if isUnknownChoice(err) {
					// authentik answers an unknown target or stage with 400
					// "Select a valid choice": the object has no bindings.
					return []*upstream.FlowStageBinding{}, nil
				}
				if err != nil {
					return nil, err
				}
				out := make([]*upstream.FlowStageBinding, len(items))
				for i := range items {
					out[i] = &items[i]
					l.PrimeBinding(ctx, out[i])
				}
				return out, nil
			},
		}
	}
	bindingsByFlow := bindingsBy(func(b *upstream.FlowStageBinding) string { return b.Target },
		func(pk string) upstream.ListBindingsOptions { return upstream.ListBindingsOptions{Target: pk} })
	bindingsByStage := bindingsBy(func(b *upstream.FlowStageBinding) string { return b.Stage },
		func(pk string) upstream.ListBindingsOptions { return upstream.ListBindingsOptions{Stage: pk} })

	l.FlowBySlug = newLoader(l, "FlowBySlug", source[string, *upstream.Flow](flowBySlug), o)
	l.FlowByPK = newLoader(l, "FlowByPK", source[string, *upstream.Flow](flowByPK), o)
	l.StageByPK = newLoader(l, "StageByPK", source[string, *upstream.Stage](stageByPK), o)
	l.BindingByPK = newLoader(l, "BindingByPK", source[string, *upstream.FlowStageBinding](bindingByPK), o)
	l.BindingsByFlow = newLoader(l, "BindingsByFlow", source[string, []*upstream.FlowStageBinding](bindingsByFlow), o)
	l.BindingsByStage = newLoader(l, "BindingsByStage", source[string, []*upstream.FlowStageBinding](bindingsByStage), o)

	l.resets = []func(){
		flows.reset, bindings.reset, stages.reset,
		func() { l.FlowBySlug.ClearAll() },
		func() { l.FlowByPK.ClearAll() },
		func() { l.StageByPK.ClearAll() },
		func() { l.BindingByPK.ClearAll() },
		func() { l.BindingsByFlow.ClearAll() },
		func() { l.BindingsByStage.ClearAll() },
	}
	return l
}

// Invalidate forgets everything this request has loaded: cached flows,
// stages and bindings, the whole listings and the per-object actions. Call
// it after every successful write, so that reads later in the same request
// (the mutation's own selection, the next mutation field) see authentik's
// new state rather than the request's cache.
//
// It forgets everything, not only the written object's keys, because
// authentik copies objects into each other: a binding embeds its stage and
// that stage's flow_set (flow names, slugs, titles), a flow lists its
// stages, and a flow's cache_count drops when a binding changes. A write to
// one object makes the cached copies of others stale; tracking them all is
// more fragile than reloading what the rest of the request asks for.
func (l *Loaders) Invalidate() {
	l.mu.Lock()
	resets := l.resets
	l.mu.Unlock()
	for _, reset := range resets {
		reset()
	}
	l.bindingCounts.Clear()
	l.Models.Clear()
	l.stages.Reset()
}

func (l *Loaders) observe(name string, keys int) {
	if l.onBatch != nil {
		l.onBatch(name, keys)
	}
}

// PrimeFlowBindings stores the complete, current list of a flow's bindings
// (for example as re-read after a write), so the flow's bindings and stages
// fields cost no further request.
func (l *Loaders) PrimeFlowBindings(ctx context.Context, flowPK string, bs []*upstream.FlowStageBinding) {
	if l.naive {
		return
	}
	l.BindingsByFlow.Prime(ctx, flowPK, bs)
	for _, b := range bs {
		l.PrimeBinding(ctx, b)
	}
}

// bindingPages estimates the pages of a per-key bindings request.
func (l *Loaders) bindingPages(pk string, pageSize int) int {
	n, ok := l.bindingCounts.Load(pk)
	if !ok {
		return 1
	}
	return (n.(int) + pageSize - 1) / pageSize
}

// PrimeFlow stores a full flow fetched elsewhere (a list query) so later
// lookups by slug or pk in this request cost nothing.
func (l *Loaders) PrimeFlow(ctx context.Context, f *upstream.Flow) {
	if l.naive {
		return
	}
	l.bindingCounts.Store(f.PK, len(f.Stages))
	l.FlowByPK.Prime(ctx, f.PK, f)
	l.FlowBySlug.Prime(ctx, f.Slug, f)
}

// PrimeBinding stores a binding and its embedded stage.
func (l *Loaders) PrimeBinding(ctx context.Context, b *upstream.FlowStageBinding) {
	if l.naive {
		return
	}
	l.BindingByPK.Prime(ctx, b.PK, b)
	if b.StageObj != nil {
		l.StageByPK.Prime(ctx, b.StageObj.PK, b.StageObj)
	}
}

// PrimeStage stores a stage fetched elsewhere.
func (l *Loaders) PrimeStage(ctx context.Context, s *upstream.Stage) {
	if l.naive {
		return
	}
	l.bindingCounts.Store(s.PK, len(s.FlowSet))
	l.StageByPK.Prime(ctx, s.PK, s)
}

func indexOne[T any](key func(*T) string) func([]T) map[string]*T {
	return func(items []T) map[string]*T {
		m := make(map[string]*T, len(items))
		for i := range items {
			m[key(&items[i])] = &items[i]
		}
		return m
	}
}

func indexMany[T any](key func(*T) string) func([]T) map[string][]*T {
	return func(items []T) map[string][]*T {
		m := map[string][]*T{}
		for i := range items {
			k := key(&items[i])
			m[k] = append(m[k], &items[i])
		}
		return m
	}
}

func notFound[V any](kind string) func(string) (V, error) {
	return func(key string) (V, error) {
		var zero V
		return zero, fmt.Errorf("%w: no %s %q", upstream.ErrNotFound, kind, key)
	}
}

// isUnknownChoice reports authentik's 400 for a target or stage filter that
// names no object.
func isUnknownChoice(err error) bool {
	var ue *upstream.Error
	if !errors.As(err, &ue) || ue.StatusCode != http.StatusBadRequest || len(ue.NonFieldErrors) > 0 {
		return false
	}
	for k := range ue.Fields {
		if k != "target" && k != "stage" {
			return false
		}
	}
	return len(ue.Fields) == 1
}

type ctxKey struct{}

// Middleware gives every request its own loaders.
func Middleware(up *upstream.Client, o Options, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), New(up, o))))
	})
}

// WithLoaders returns ctx carrying l (and its table of stages, so that
// every binding page of the request shares them).
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return upstream.WithStages(context.WithValue(ctx, ctxKey{}, l), l.stages)
}

// For returns the request's loaders. It panics when Middleware is missing:
// that is a wiring bug, not a runtime condition.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loader: no loaders in context; is loader.Middleware installed?")
	}
	return l
}

// From returns the request's loaders, if any.
func From(ctx context.Context) (*Loaders, bool) {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	return l, ok
}

// Naive reports whether batching is off (the baseline of make load).
func (l *Loaders) Naive() bool { return l.naive }

// PlanOnce runs f the first time it is called in this request; later calls
// wait until it has returned (graph's root lookahead).
func (l *Loaders) PlanOnce(f func()) { l.planOnce.Do(f) }

// moreLoaders are the loaders made on first use.
type moreLoaders struct {
	promptByPK *Loader[string, *upstream.Prompt]
	typed      *typedLoaders

	policyByPK             *Loader[string, *upstream.Policy]
	policyBindingsByTarget *PolicyBindingLoader
	policyBindingByPK      *Memo[*upstream.PolicyBinding]
	policyBindingsByPolicy *Memo[[]*upstream.PolicyBinding] // by policy pk

	diagramBySlug *Memo[string]
	exportBySlug  *Memo[string]
	usedByFlow    *Memo[[]upstream.UsedBy] // by flow slug
	usedByStage   *Memo[[]upstream.UsedBy] // by stage pk
	usedByBinding *Memo[[]upstream.UsedBy] // by binding pk
	stageTypes    *Memo[[]upstream.StageType]
	cacheInfo     *Memo[int]
}

// loaders returns the loaders made on first use, making them.
func (l *Loaders) loaders() *moreLoaders {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.more != nil {
		return l.more
	}
	up, o := l.up, l.o
	m := &moreLoaders{
		diagramBySlug: newMemo(up.GetFlowDiagram, o),
		exportBySlug:  newMemo(up.ExportFlow, o),
		usedByFlow:    newMemo(up.ListFlowUsedBy, o),
		usedByStage:   newMemo(up.ListStageUsedBy, o),
		usedByBinding: newMemo(up.ListBindingUsedBy, o),
		stageTypes:    newMemo(func(ctx context.Context, _ string) ([]upstream.StageType, error) { return up.ListStageTypes(ctx) }, o),
		cacheInfo:     newMemo(func(ctx context.Context, _ string) (int, error) { return up.GetFlowCacheInfo(ctx) }, o),
	}
	l.resets = append(l.resets, m.diagramBySlug.clear, m.exportBySlug.clear, m.usedByFlow.clear, m.usedByStage.clear,
		m.usedByBinding.clear, m.stageTypes.clear, m.cacheInfo.clear)
	newTypedLoaders(l, m, up, o)
	l.initPolicies(m, up, o)
	l.more = m
	return m
}

// PromptByPK loads a prompt stage's fields (typed.go).
func (l *Loaders) PromptByPK() *Loader[string, *upstream.Prompt] { return l.loaders().promptByPK }

// PolicyByPK loads policies (policy.go).
func (l *Loaders) PolicyByPK() *Loader[string, *upstream.Policy] { return l.loaders().policyByPK }

// PolicyBindingsByTarget loads the policy bindings of flows and bindings.
func (l *Loaders) PolicyBindingsByTarget() *PolicyBindingLoader {
	return l.loaders().policyBindingsByTarget
}

// PolicyBindingByPK loads one policy binding.
func (l *Loaders) PolicyBindingByPK() *Memo[*upstream.PolicyBinding] {
	return l.loaders().policyBindingByPK
}

// PolicyBindingsByPolicy loads a policy's bindings, by policy pk.
func (l *Loaders) PolicyBindingsByPolicy() *Memo[[]*upstream.PolicyBinding] {
	return l.loaders().policyBindingsByPolicy
}

// DiagramBySlug loads a flow's diagram (one request per flow).
func (l *Loaders) DiagramBySlug() *Memo[string] { return l.loaders().diagramBySlug }

// ExportBySlug loads a flow's export (one request per flow).
func (l *Loaders) ExportBySlug() *Memo[string] { return l.loaders().exportBySlug }

// UsedByFlow loads what uses a flow, by slug.
func (l *Loaders) UsedByFlow() *Memo[[]upstream.UsedBy] { return l.loaders().usedByFlow }

// UsedByStage loads what uses a stage, by pk.
func (l *Loaders) UsedByStage() *Memo[[]upstream.UsedBy] { return l.loaders().usedByStage }

// UsedByBinding loads what uses a binding, by pk.
func (l *Loaders) UsedByBinding() *Memo[[]upstream.UsedBy] { return l.loaders().usedByBinding }

// StageTypes loads authentik's stage types.
func (l *Loaders) StageTypes() *Memo[[]upstream.StageType] { return l.loaders().stageTypes }

// CacheInfo loads the flow cache's size.
func (l *Loaders) CacheInfo() *Memo[int] { return l.loaders().cacheInfo }
