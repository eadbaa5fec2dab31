package loader

import (
	"context"
	"sync"

	"flowgate/upstream"
)

// Typed stage settings and prompts (issue 12).
//
// A stage's settings live at its type's endpoint (/stages/identification/,
// …), which has no multi-id filter. Settings(endpoint) is one loader per
// type over that type's listing; its page 1 is fetched even for a single
// key (probeSingle), so every batch of a request shares it, and a type with
// at most one page of stages costs exactly one request per GraphQL request
// however the keys arrive. A type with more pages walks the rest when that
// is no more than one request per key, else asks per key (the plan of the
// other loaders). PromptByPK does the same over /stages/prompt/prompts/.

type typedLoaders struct {
	up *upstream.Client
	o  Options

	mu      sync.Mutex
	loaders map[string]*Loader[string, *upstream.StageSettings]
	resets  []func()
}

// Settings returns the loader of the stages of one type, by the type's
// endpoint (an upstream.StageKinds endpoint); keys are lower-case stage
// uuids.
func (l *Loaders) Settings(endpoint string) *Loader[string, *upstream.StageSettings] {
	t := l.loaders().typed
	t.mu.Lock()
	defer t.mu.Unlock()
	if ld, ok := t.loaders[endpoint]; ok {
		return ld
	}
	cat := newCatalogRef(func() *catalog[upstream.StageSettings] {
		return newCatalog(t.up, t.up.TypedStagePages(endpoint), nil)
	})
	p := &plan[string, *upstream.StageSettings, upstream.StageSettings]{
		cat:     cat,
		index:   indexOne(func(s *upstream.StageSettings) string { return s.PK }),
		missing: notFound[*upstream.StageSettings]("stage"),
		get: func(ctx context.Context, pk string) (*upstream.StageSettings, error) {
			return t.up.GetTypedStage(ctx, endpoint, pk)
		},
		unique:      true,
		probeSingle: true,
	}
	ld := newLoader(l, "StageSettings", source[string, *upstream.StageSettings](p), t.o)
	t.loaders[endpoint] = ld
	t.resets = append(t.resets, cat.reset, func() { ld.ClearAll() })
	return ld
}

func (t *typedLoaders) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.resets {
		r()
	}
}

// newTypedLoaders adds Settings and PromptByPK to m (l.mu held).
func newTypedLoaders(l *Loaders, m *moreLoaders, up *upstream.Client, o Options) {
	m.typed = &typedLoaders{up: up, o: o, loaders: map[string]*Loader[string, *upstream.StageSettings]{}}
	prompts := newCatalogRef(func() *catalog[upstream.Prompt] {
		return newCatalog(up, up.PromptPages(), nil)
	})
	promptByPK := &plan[string, *upstream.Prompt, upstream.Prompt]{
		cat:         prompts,
		index:       indexOne(func(p *upstream.Prompt) string { return p.PK }),
		missing:     notFound[*upstream.Prompt]("prompt"),
		get:         up.GetPrompt,
		unique:      true,
		probeSingle: true,
	}
	m.promptByPK = newLoader(l, "PromptByPK", source[string, *upstream.Prompt](promptByPK), o)
	l.resets = append(l.resets, m.typed.reset, prompts.reset, func() { m.promptByPK.ClearAll() })
}
