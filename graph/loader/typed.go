package loader

import (
	"context"
	"sync"

	"github.com/graph-gophers/dataloader/v7"

	"flowgate/upstream"
)

// Typed stage settings and prompts (issue 12).
//
// A stage's settings live at its type's endpoint (/stages/identification/,
// …), which has no multi-id filter. StageSettings answers a batch from the
// listing of each type the batch meets: page 1 is fetched even for a single
// key (probeSingle), so every batch of a request shares it, and a type with
// at most one page of stages costs exactly one request per request however
// the keys arrive. A type with more pages walks the rest when that is no
// more than one request per key, else asks per key (the plan of the other
// loaders). PromptByPK does the same over /stages/prompt/prompts/.

// SettingsKey names a stage on its type's endpoint.
type SettingsKey struct {
	Endpoint string // an upstream.StageKinds endpoint
	PK       string
}

type typedLoaders struct {
	up    *upstream.Client
	naive bool

	mu    sync.Mutex
	plans map[string]*plan[string, *upstream.StageSettings, upstream.StageSettings]
	cats  []func() // resets of the per-type catalogs
}

func (t *typedLoaders) plan(endpoint string) *plan[string, *upstream.StageSettings, upstream.StageSettings] {
	t.mu.Lock()
	defer t.mu.Unlock()
	if p, ok := t.plans[endpoint]; ok {
		return p
	}
	cat := newCatalogRef(func() *catalog[upstream.StageSettings] {
		return newCatalog(t.up, t.up.TypedStagePages(endpoint), nil)
	})
	p := &plan[string, *upstream.StageSettings, upstream.StageSettings]{
		cat:     cat,
		index:   indexOne(func(s *upstream.StageSettings) string { return s.PK }),
		missing: notFound[*upstream.StageSettings]("stage"),
		one: func(ctx context.Context, pk string) (*upstream.StageSettings, error) {
			return t.up.GetTypedStage(ctx, endpoint, pk)
		},
		naive:       t.naive,
		probeSingle: true,
	}
	t.plans[endpoint] = p
	t.cats = append(t.cats, cat.reset)
	return p
}

func (t *typedLoaders) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.cats {
		r()
	}
}

// batch splits the keys by endpoint and runs each type's plan.
func (t *typedLoaders) batch(ctx context.Context, keys []SettingsKey) []*dataloader.Result[*upstream.StageSettings] {
	byEndpoint := map[string][]int{}
	var order []string
	for i, k := range keys {
		if _, ok := byEndpoint[k.Endpoint]; !ok {
			order = append(order, k.Endpoint)
		}
		byEndpoint[k.Endpoint] = append(byEndpoint[k.Endpoint], i)
	}
	out := make([]*dataloader.Result[*upstream.StageSettings], len(keys))
	var wg sync.WaitGroup
	for _, ep := range order {
		idx := byEndpoint[ep]
		pks := make([]string, len(idx))
		for j, i := range idx {
			pks[j] = keys[i].PK
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := t.plan(ep).batch(ctx, pks)
			for j, i := range idx {
				out[i] = res[j]
			}
		}()
	}
	wg.Wait()
	return out
}

// newTypedLoaders adds StageSettings and PromptByPK to l.
func newTypedLoaders(l *Loaders, up *upstream.Client, o Options) {
	t := &typedLoaders{up: up, naive: o.Naive, plans: map[string]*plan[string, *upstream.StageSettings, upstream.StageSettings]{}}
	l.StageSettings = newLoader("StageSettings", t.batch, o)
	prompts := newCatalogRef(func() *catalog[upstream.Prompt] {
		return newCatalog(up, up.PromptPages(), nil)
	})
	promptByPK := &plan[string, *upstream.Prompt, upstream.Prompt]{
		cat:         prompts,
		index:       indexOne(func(p *upstream.Prompt) string { return p.PK }),
		missing:     notFound[*upstream.Prompt]("prompt"),
		one:         up.GetPrompt,
		naive:       o.Naive,
		probeSingle: true,
	}
	l.PromptByPK = newLoader("PromptByPK", promptByPK.batch, o)
	l.resets = append(l.resets, t.reset, prompts.reset,
		func() { l.StageSettings.ClearAll() },
		func() { l.PromptByPK.ClearAll() })
}
