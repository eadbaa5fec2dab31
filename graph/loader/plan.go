package loader

import (
	"context"
	"sync"
)

// plan is the source of a loader whose keys a listing can answer.
//
// authentik has no batch-by-id filter (FACTS.md section e): a batch is
// answered either by one request per key or from the whole listing, which
// the request fetches at most once and shares between its loaders. Which
// one is BatchCost's rule.
type plan[K comparable, V any, T any] struct {
	cat *catalogRef[T]
	// index builds answers from the whole listing.
	index func(items []T) map[K]V
	// missing answers a key that the whole listing lacks.
	missing func(key K) (V, error)
	// get answers a key with its own request(s).
	get func(ctx context.Context, key K) (V, error)
	// pages estimates how many requests get(key) takes at the given page
	// size; nil means one.
	pages func(key K, pageSize int) int

	// unique marks a loader of one object per key (by pk or slug): keys
	// found on the listing's page 1, once it is in, are answered from it.
	// A grouped loader (a flow's bindings) cannot be: a group may straddle
	// pages.
	unique bool
	// probeSingle makes a lone key probe the listing too (page 1), instead
	// of its own request: for listings that are usually one page (a stage
	// type's), every batch of the request then shares one request.
	probeSingle bool

	mu       sync.Mutex
	idxFor   *catalog[T]
	idx      map[K]V
	firstFor *catalog[T]
	first    map[K]V
}

func (p *plan[K, V, T]) lister() lister { return p.cat.get() }

func (p *plan[K, V, T]) probesSingle() bool { return p.probeSingle }

func (p *plan[K, V, T]) one(ctx context.Context, key K) (V, error) { return p.get(ctx, key) }

func (p *plan[K, V, T]) cost(keys []K) int {
	if p.pages == nil {
		return len(keys)
	}
	size := p.cat.get().up.PageSize()
	n := 0
	for _, k := range keys {
		n += max(1, p.pages(k, size))
	}
	return n
}

func (p *plan[K, V, T]) fromListing(key K) (V, error) {
	c := p.cat.get()
	p.mu.Lock()
	if p.idxFor != c {
		p.idx, p.idxFor = p.index(c.all), c
	}
	v, ok := p.idx[key]
	p.mu.Unlock()
	if ok {
		return v, nil
	}
	return p.missing(key)
}

// fromFirstPage answers key from the listing's page 1 when it is in.
func (p *plan[K, V, T]) fromFirstPage(key K) (V, bool) {
	var zero V
	if !p.unique {
		return zero, false
	}
	c := p.cat.get()
	if !c.state().FirstPageIn {
		return zero, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.firstFor != c {
		p.first, p.firstFor = p.index(c.first.Results), c
	}
	v, ok := p.first[key]
	return v, ok
}
