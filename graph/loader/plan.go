package loader

import (
	"context"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
)

// perKeyConcurrency bounds the per-key requests one batch runs at once. The
// per-request limit in the context (upstream.WithLimit) bounds them again
// across all batches of the request.
const perKeyConcurrency = 8

// plan answers a batch of keys at the lowest request count it can see:
//
//   - the whole listing, when this request already has it or is fetching it;
//   - one request per key, for a single key (never worse than a listing);
//   - keys found on the listing's page 1, once it is in, from that page
//     (unique keys only); the rest as below;
//   - otherwise page 1 of the listing first: if it is the whole listing
//     (a small install), every key is answered from it; if the listing has
//     P pages and the other P-1 pages cost no more than the keys' own
//     requests (estimated by cost: a flow with 250 bindings takes three
//     pages of its own), the rest of the listing; else one request per key.
//
// authentik has no batch-by-id filter (FACTS.md section e); listing and
// indexing is the only batching it allows.
type plan[K comparable, V any, T any] struct {
	cat *catalogRef[T]
	// index builds answers from the whole listing.
	index func(items []T) map[K]V
	// missing answers a key that the whole listing lacks.
	missing func(key K) (V, error)
	// one answers a key with its own request(s).
	one func(ctx context.Context, key K) (V, error)
	// cost estimates how many requests one(key) takes at the given page
	// size; nil means one.
	cost func(key K, pageSize int) int
	// naive turns batching off: one request per key, always (a baseline).
	naive bool
	// unique says each key names at most one item, so an item found on the
	// listing's page 1 is the key's whole answer (not so for a flow's
	// bindings, which may continue on page 2).
	unique bool
	// probeSingle makes a lone key probe the listing too (page 1), instead
	// of its own request: for listings that are usually one page, this makes
	// every batch of the request share one request, however the keys are
	// split into batches.
	probeSingle bool
}

func (p *plan[K, V, T]) batch(ctx context.Context, keys []K) []*dataloader.Result[V] {
	if len(keys) == 0 {
		return nil
	}
	if p.naive {
		return p.perKey(ctx, keys)
	}
	cat := p.cat.get()
	useAll := false
	switch pages, probed := cat.probedPages(); {
	case cat.walking():
		useAll = true
	case probed:
		if rest, done := p.fromFirstPage(ctx, cat, keys); done != nil {
			return done(p.batch(ctx, rest))
		}
		useAll = pages-1 <= p.perKeyCost(keys)
	case len(keys) == 1 && !p.probeSingle:
		useAll = false
	default:
		first, err := cat.probe(ctx)
		if err != nil {
			return fanOut[V](keys, err)
		}
		if first.Pagination.Next != 0 {
			if rest, done := p.fromFirstPage(ctx, cat, keys); done != nil {
				return done(p.batch(ctx, rest))
			}
		}
		useAll = first.Pagination.Next == 0 || int(first.Pagination.TotalPages)-1 <= p.perKeyCost(keys)
	}
	if !useAll {
		return p.perKey(ctx, keys)
	}
	items, err := cat.list(ctx)
	if err != nil {
		return fanOut[V](keys, err)
	}
	idx := p.index(items)
	out := make([]*dataloader.Result[V], len(keys))
	for i, k := range keys {
		if v, ok := idx[k]; ok {
			out[i] = &dataloader.Result[V]{Data: v}
			continue
		}
		v, err := p.missing(k)
		out[i] = &dataloader.Result[V]{Data: v, Error: err}
	}
	return out
}

// fromFirstPage answers, for a unique-key plan, the keys that the
// listing's page 1 (already fetched) holds. When it holds some, it returns
// the other keys and a function that merges their results (from a batch
// of only those keys, which finds the probe done) with the page's answers;
// else done is nil. So ids taken from the first page of a list cost no
// request beyond that page, on an install of any size.
func (p *plan[K, V, T]) fromFirstPage(ctx context.Context, cat *catalog[T], keys []K) (rest []K, done func([]*dataloader.Result[V]) []*dataloader.Result[V]) {
	if !p.unique {
		return nil, nil
	}
	first, err := cat.probe(ctx) // done already: returns at once
	if err != nil {
		return nil, nil
	}
	idx := p.index(first.Results)
	out := make([]*dataloader.Result[V], len(keys))
	var restAt []int
	for i, k := range keys {
		if v, ok := idx[k]; ok {
			out[i] = &dataloader.Result[V]{Data: v}
			continue
		}
		rest = append(rest, k)
		restAt = append(restAt, i)
	}
	if len(rest) == len(keys) {
		return nil, nil
	}
	return rest, func(results []*dataloader.Result[V]) []*dataloader.Result[V] {
		for j, i := range restAt {
			out[i] = results[j]
		}
		return out
	}
}

// perKeyCost estimates the requests of answering keys one by one.
func (p *plan[K, V, T]) perKeyCost(keys []K) int {
	if p.cost == nil {
		return len(keys)
	}
	size := p.cat.get().up.PageSize()
	n := 0
	for _, k := range keys {
		n += max(1, p.cost(k, size))
	}
	return n
}

func (p *plan[K, V, T]) perKey(ctx context.Context, keys []K) []*dataloader.Result[V] {
	out := make([]*dataloader.Result[V], len(keys))
	sem := make(chan struct{}, perKeyConcurrency)
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] = &dataloader.Result[V]{Error: ctx.Err()}
				return
			}
			defer func() { <-sem }()
			v, err := p.one(ctx, k)
			out[i] = &dataloader.Result[V]{Data: v, Error: err}
		}()
	}
	wg.Wait()
	return out
}

func fanOut[V any, K any](keys []K, err error) []*dataloader.Result[V] {
	out := make([]*dataloader.Result[V], len(keys))
	for i := range keys {
		out[i] = &dataloader.Result[V]{Error: err}
	}
	return out
}
