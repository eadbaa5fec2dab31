package loader

import (
	"context"
	"errors"
	"sync"

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
	owner *Loaders
	o     Options

	mu      sync.Mutex
	loaders map[string]*Loader[string, *upstream.StageSettings] // by endpoint
	cats    []func()                                            // resets of the per-type catalogs
}

// loader returns the loader of one stage type's endpoint.
func (t *typedLoaders) loader(endpoint string) *Loader[string, *upstream.StageSettings] {
	t.mu.Lock()
	defer t.mu.Unlock()
	if l, ok := t.loaders[endpoint]; ok {
		return l
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
	l := newLoader(t.owner, "StageSettings", source[string, *upstream.StageSettings](p), t.o)
	t.loaders[endpoint] = l
	t.cats = append(t.cats, cat.reset)
	return l
}

func (t *typedLoaders) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.cats {
		r()
	}
	for _, l := range t.loaders {
		l.ClearAll()
	}
}

// typedSource is StageSettings' source: it splits a batch by endpoint and
// runs one batch per type, all types at once.
type typedSource struct{ t *typedLoaders }

func (typedSource) lister() lister              { return nil }
func (typedSource) cost(keys []SettingsKey) int { return len(keys) }
func (typedSource) probesSingle() bool          { return true }
func (typedSource) fromListing(SettingsKey) (*upstream.StageSettings, error) {
	return nil, errNoListing
}
func (typedSource) fromFirstPage(SettingsKey) (*upstream.StageSettings, bool) {
	return nil, false
}

func (s typedSource) one(ctx context.Context, k SettingsKey) (*upstream.StageSettings, error) {
	return s.t.loader(k.Endpoint).Load(ctx, k.PK)()
}

func (s typedSource) batch(ctx context.Context, keys []SettingsKey) ([]*upstream.StageSettings, []error) {
	byEndpoint := map[string][]string{}
	var order []string
	for _, k := range keys {
		if _, ok := byEndpoint[k.Endpoint]; !ok {
			order = append(order, k.Endpoint)
		}
		byEndpoint[k.Endpoint] = append(byEndpoint[k.Endpoint], k.PK)
	}
	wants := make([]Want, 0, len(order))
	for _, ep := range order {
		wants = append(wants, s.t.loader(ep).Want(byEndpoint[ep]))
	}
	s.t.owner.Fetch(ctx, wants...)
	vs := make([]*upstream.StageSettings, len(keys))
	errs := make([]error, len(keys))
	for i, k := range keys {
		vs[i], errs[i] = s.t.loader(k.Endpoint).Load(ctx, k.PK)()
	}
	return vs, errs
}

var errNoListing = errors.New("loader: no listing")

// newTypedLoaders adds StageSettings and PromptByPK to l.
func newTypedLoaders(l *Loaders, up *upstream.Client, o Options) {
	t := &typedLoaders{up: up, owner: l, o: o, loaders: map[string]*Loader[string, *upstream.StageSettings]{}}
	l.StageSettings = newLoader(l, "StageSettings", source[SettingsKey, *upstream.StageSettings](typedSource{t}), o)
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
	l.PromptByPK = newLoader(l, "PromptByPK", source[string, *upstream.Prompt](promptByPK), o)
	l.resets = append(l.resets, t.reset, prompts.reset,
		func() { l.StageSettings.ClearAll() },
		func() { l.PromptByPK.ClearAll() })
}
