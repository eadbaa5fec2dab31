package loader

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/graph-gophers/dataloader/v7"

	"flowgate/upstream"
)

// Loader loads values by key for one request, at most once per key, and
// batches keys by lookahead rather than by waiting:
//
//   - Want hands the planner every key a level of the query will need
//     (graph's lookahead knows them before the child resolvers run);
//     (*Loaders).Fetch loads them in one batch per loader;
//   - Load of a key nobody asked for yet is a batch of its own, sent at
//     once: a point lookup pays only its round trips. With a window
//     (Options.Wait > 0) such keys are collected for that long first, by
//     dataloader, as before lookahead existed.
//
// Every key belongs to exactly one batch: the first Want or Load of a key
// reserves it, and every later Load waits for that batch's answer.
type Loader[K comparable, V any] struct {
	name  string
	src   source[K, V]
	owner *Loaders
	naive bool

	window *dataloader.Loader[K, V] // nil without a window

	mu    sync.Mutex
	cache map[K]*entry[V]
}

// source answers keys of one loader: per key, or from its listing.
type source[K comparable, V any] interface {
	lister() lister
	// cost is the requests of loading keys one by one.
	cost(keys []K) int
	// one loads a key with its own request(s).
	one(ctx context.Context, key K) (V, error)
	// fromListing answers a key from the complete listing.
	fromListing(key K) (V, error)
	// fromFirstPage answers a key from the listing's page 1, if it is in
	// and holds the key (unique-key loaders only).
	fromFirstPage(key K) (V, bool)
	// probesSingle reports that a lone key probes the listing too.
	probesSingle() bool
}

// batcher is a source that answers a batch its own way (a loader over
// several listings, such as StageSettings): it has no lister of its own.
type batcher[K comparable, V any] interface {
	batch(ctx context.Context, keys []K) ([]V, []error)
}

// closed is the done channel of every entry primed with its value: a
// request primes thousands (a whole listing), one channel serves them all.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

type entry[V any] struct {
	done chan struct{}
	v    V
	err  error
}

func (e *entry[V]) set(v V, err error) {
	e.v, e.err = v, err
	close(e.done)
}

func (e *entry[V]) thunk(ctx context.Context) dataloader.Thunk[V] {
	return func() (V, error) {
		select {
		case <-e.done:
			return e.v, e.err
		default:
		}
		select {
		case <-e.done:
			return e.v, e.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
}

func newLoader[K comparable, V any](owner *Loaders, name string, src source[K, V], o Options) *Loader[K, V] {
	l := &Loader[K, V]{name: name, src: src, owner: owner, naive: o.Naive, cache: map[K]*entry[V]{}}
	if o.Wait > 0 && !o.Naive {
		l.window = dataloader.NewBatchedLoader(l.windowBatch,
			dataloader.WithWait[K, V](o.Wait), dataloader.WithCache[K, V](&dataloader.NoCache[K, V]{}))
	}
	return l
}

// Load returns a thunk for key's value.
func (l *Loader[K, V]) Load(ctx context.Context, key K) dataloader.Thunk[V] {
	if l.naive {
		l.owner.observe(l.name, 1)
		v, err := l.src.one(ctx, key)
		return func() (V, error) { return v, err }
	}
	l.mu.Lock()
	e, ok := l.cache[key]
	if !ok {
		e = &entry[V]{done: make(chan struct{})}
		l.cache[key] = e
	}
	l.mu.Unlock()
	if !ok {
		if l.window != nil {
			go func() { e.set(l.window.Load(ctx, key)()) }()
		} else {
			l.owner.fetch(ctx, []want{&batch[K, V]{l: l, keys: []K{key}, entries: []*entry[V]{e}}})
		}
	}
	return e.thunk(ctx)
}

// windowBatch is the window's batch function: keys collected by dataloader,
// already reserved in the cache by Load.
func (l *Loader[K, V]) windowBatch(ctx context.Context, keys []K) []*dataloader.Result[V] {
	b := &batch[K, V]{l: l, keys: keys, entries: make([]*entry[V], len(keys))}
	for i := range keys {
		b.entries[i] = &entry[V]{done: make(chan struct{})}
	}
	l.owner.fetch(ctx, []want{b})
	out := make([]*dataloader.Result[V], len(keys))
	for i, e := range b.entries {
		out[i] = &dataloader.Result[V]{Data: e.v, Error: e.err}
	}
	return out
}

// Want reserves the keys not loaded or loading yet and returns them as a
// batch for (*Loaders).Fetch. Repeated keys count once.
func (l *Loader[K, V]) Want(keys []K) Want {
	if l.naive || len(keys) == 0 {
		return nil
	}
	b := &batch[K, V]{l: l}
	l.mu.Lock()
	for _, k := range keys {
		if _, ok := l.cache[k]; ok {
			continue
		}
		e := &entry[V]{done: make(chan struct{})}
		l.cache[k] = e
		b.keys = append(b.keys, k)
		b.entries = append(b.entries, e)
	}
	l.mu.Unlock()
	if len(b.keys) == 0 {
		return nil
	}
	return b
}

// Loaded returns key's value when it is loaded (or failed), without
// waiting or loading.
func (l *Loader[K, V]) Loaded(key K) (V, bool) {
	l.mu.Lock()
	e, ok := l.cache[key]
	l.mu.Unlock()
	if ok {
		select {
		case <-e.done:
			return e.v, e.err == nil
		default:
		}
	}
	var zero V
	return zero, false
}

// Prime stores a value loaded elsewhere; a key already loaded or loading
// is left alone.
func (l *Loader[K, V]) Prime(_ context.Context, key K, v V) {
	if l.naive {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.cache[key]; !ok {
		l.cache[key] = &entry[V]{done: closed, v: v}
	}
}

// ClearAll forgets every key. Batches running keep their own entries.
func (l *Loader[K, V]) ClearAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cache = map[K]*entry[V]{}
}

// Want is one loader's share of a level: keys reserved and not loaded yet.
type Want interface {
	lister() lister
	size() int
	cost() int
	perKey(ctx context.Context)
	fromListing()
	// fromFirstPage answers the keys found on the listing's page 1 and
	// keeps the rest.
	fromFirstPage()
	probesSingle() bool
	fail(err error)
}

// batch is a Want of one loader.
type batch[K comparable, V any] struct {
	l       *Loader[K, V]
	keys    []K
	entries []*entry[V]
}

func (b *batch[K, V]) lister() lister     { return b.l.src.lister() }
func (b *batch[K, V]) probesSingle() bool { return b.l.src.probesSingle() }

// custom runs the batch through a batcher source, if the loader has one.
func (b *batch[K, V]) custom(ctx context.Context) bool {
	bt, ok := b.l.src.(batcher[K, V])
	if !ok {
		return false
	}
	b.l.owner.observe(b.l.name, len(b.keys))
	ctx = upstream.WithBatch(ctx, b.l.name, len(b.keys))
	defer b.failUnset(errors.New("loader: batch returned no answer"))
	vs, errs := bt.batch(ctx, b.keys)
	for i, e := range b.entries {
		if i < len(vs) && i < len(errs) {
			e.set(vs[i], errs[i])
		}
	}
	return true
}
func (b *batch[K, V]) size() int    { return len(b.keys) }
func (b *batch[K, V]) name() string { return b.l.name }
func (b *batch[K, V]) cost() int    { return b.l.src.cost(b.keys) }

func (b *batch[K, V]) fromFirstPage() {
	keys, entries := b.keys[:0], b.entries[:0]
	for i, k := range b.keys {
		if v, ok := b.l.src.fromFirstPage(k); ok {
			b.entries[i].set(v, nil)
			continue
		}
		keys, entries = append(keys, k), append(entries, b.entries[i])
	}
	b.keys, b.entries = keys, entries
}

func (b *batch[K, V]) fail(err error) {
	for _, e := range b.entries {
		e.set(*new(V), err)
	}
}

func (b *batch[K, V]) fromListing() {
	b.l.owner.observe(b.l.name, len(b.keys))
	for i, k := range b.keys {
		b.entries[i].set(b.l.src.fromListing(k))
	}
}

// perKeyConcurrency bounds the per-key requests one batch runs at once. The
// per-request limit in the context (upstream.WithLimit) bounds them again
// across all batches of the request.
const perKeyConcurrency = 8

func (b *batch[K, V]) perKey(ctx context.Context) {
	b.l.owner.observe(b.l.name, len(b.keys))
	ctx = upstream.WithBatch(ctx, b.l.name, len(b.keys))
	if len(b.keys) == 1 {
		b.entries[0].set(b.l.src.one(ctx, b.keys[0]))
		return
	}
	sem := make(chan struct{}, perKeyConcurrency)
	var wg sync.WaitGroup
	for i, k := range b.keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer recoverInto(b.entries[i])
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				b.entries[i].set(*new(V), ctx.Err())
				return
			}
			defer func() { <-sem }()
			b.entries[i].set(b.l.src.one(ctx, k))
		}()
	}
	wg.Wait()
}

// recoverInto turns a panic into e's error, unless e is already set.
func recoverInto[V any](e *entry[V]) {
	if p := recover(); p != nil {
		select {
		case <-e.done:
		default:
			e.set(*new(V), fmt.Errorf("loader: panic: %v", p))
		}
	}
}

// Fetch loads the wanted keys and returns when every one is answered. The
// wants of loaders that share a listing are planned together (BatchCost
// over their summed per-key cost), listings concurrently. Nil wants are
// skipped.
func (l *Loaders) Fetch(ctx context.Context, wants ...Want) {
	var ws []want
	for _, w := range wants {
		if w != nil {
			ws = append(ws, w)
		}
	}
	l.fetch(ctx, ws)
}

type want = Want

func (l *Loaders) fetch(ctx context.Context, ws []want) {
	if len(ws) == 0 {
		return
	}
	// Group by listing, in order of first appearance. Loaders over several
	// listings run their own batches, alongside.
	var order []lister
	groups := map[lister][]want{}
	var custom []want
	for _, w := range ws {
		if _, ok := w.(interface{ custom(context.Context) bool }); ok && w.lister() == nil {
			custom = append(custom, w)
			continue
		}
		c := w.lister()
		if _, ok := groups[c]; !ok {
			order = append(order, c)
		}
		groups[c] = append(groups[c], w)
	}
	if len(order) == 1 && len(custom) == 0 {
		runGroup(ctx, order[0], groups[order[0]])
		return
	}
	var wg sync.WaitGroup
	for _, c := range order {
		wg.Go(func() { runGroup(ctx, c, groups[c]) })
	}
	for _, w := range custom {
		wg.Go(func() { w.(interface{ custom(context.Context) bool }).custom(ctx) })
	}
	wg.Wait()
}

// runGroup answers the wants of one listing by the rule of BatchCost.
func runGroup(ctx context.Context, c lister, ws []want) {
	defer func() {
		if p := recover(); p != nil {
			for _, w := range ws {
				failUnset(w, fmt.Errorf("loader: panic: %v", p))
			}
		}
	}()
	size := func() (n, cost int) {
		for _, w := range ws {
			if w.size() > 0 {
				n += w.size()
				cost += w.cost()
			}
		}
		return n, cost
	}
	// Keys on a page 1 already in cost nothing (unique-key loaders).
	firstPage := func() {
		for _, w := range ws {
			w.fromFirstPage()
		}
	}
	n, cost := size()
	// The trace names the listing's requests after the batch's first loader.
	if b, ok := ws[0].(interface{ name() string }); ok {
		ctx = upstream.WithBatch(ctx, b.name(), n)
	}
	walk := false
	switch st := c.state(); {
	case st.Complete:
		walk = true
	case n == 1 && !ws[0].probesSingle():
		if st.FirstPageIn {
			firstPage()
		}
	default:
		if !st.FirstPageIn {
			if err := c.probe(ctx); err != nil {
				for _, w := range ws {
					w.fail(err)
				}
				return
			}
			st = c.state()
		}
		if !st.Complete {
			firstPage()
			n, cost = size()
		}
		walk = st.Complete || (n > 0 && walkCheaper(cost, st.Pages))
	}
	if n == 0 {
		return
	}
	if !walk {
		if len(ws) == 1 && ws[0].size() > 0 {
			ws[0].perKey(ctx)
			return
		}
		var wg sync.WaitGroup
		for _, w := range ws {
			if w.size() > 0 {
				wg.Go(func() { w.perKey(ctx) })
			}
		}
		wg.Wait()
		return
	}
	if err := c.walk(ctx); err != nil {
		for _, w := range ws {
			w.fail(err)
		}
		return
	}
	for _, w := range ws {
		if w.size() > 0 {
			w.fromListing()
		}
	}
}

// failUnset fails a want's entries that no answer reached (after a panic).
func failUnset(w want, err error) {
	if f, ok := w.(interface{ failUnset(error) }); ok {
		f.failUnset(err)
	}
}

func (b *batch[K, V]) failUnset(err error) {
	for _, e := range b.entries {
		select {
		case <-e.done:
		default:
			e.set(*new(V), err)
		}
	}
}

// LoadMany loads keys in one batch (those not loaded or loading yet) and
// returns a thunk for their values and errors, in keys' order.
func (l *Loader[K, V]) LoadMany(ctx context.Context, keys []K) dataloader.ThunkMany[V] {
	if !l.naive {
		l.owner.Fetch(ctx, l.Want(keys))
	}
	vs := make([]V, len(keys))
	errs := make([]error, len(keys))
	for i, k := range keys {
		vs[i], errs[i] = l.Load(ctx, k)()
	}
	return func() ([]V, []error) { return vs, errs }
}
