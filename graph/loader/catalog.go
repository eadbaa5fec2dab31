package loader

import (
	"context"
	"sync"

	"flowgate/upstream"
)

// catalog is one request's view of an entire upstream listing (all flows,
// all bindings or all stages the caller may see). authentik has no
// batch-by-id filter, so a batch of many keys is answered either from the
// whole listing or by one request per key; the catalog makes the whole
// listing a shared, at-most-once operation within the request.
//
// The first page is fetched on its own ("probe"): it tells how many pages
// the listing has, and for small installs it is the whole listing. Every
// batch that needs the listing waits for the same probe and the same walk,
// so split batches never pay twice.
type catalog[T any] struct {
	up    *upstream.Client
	pages upstream.PageFunc[T]
	// onComplete runs once with the whole listing (to prime other loaders).
	onComplete func(ctx context.Context, items []T)

	probeOnce sync.Once
	probed    chan struct{}
	first     *upstream.Page[T]
	size      int
	probeErr  error

	allOnce sync.Once
	allDone chan struct{}
	all     []T
	allErr  error
}

func newCatalog[T any](up *upstream.Client, pages upstream.PageFunc[T], onComplete func(context.Context, []T)) *catalog[T] {
	return &catalog[T]{up: up, pages: pages, onComplete: onComplete, probed: make(chan struct{}), allDone: make(chan struct{})}
}

// probe fetches page 1 once per request; concurrent callers wait for it.
func (c *catalog[T]) probe(ctx context.Context) error {
	_, err := c.probePage(ctx)
	return err
}

func (c *catalog[T]) probePage(ctx context.Context) (*upstream.Page[T], error) {
	c.probeOnce.Do(func() {
		c.first, c.size, c.probeErr = upstream.FirstPage(ctx, c.up, c.pages)
		close(c.probed)
		if c.probeErr == nil && c.first.Pagination.Next == 0 {
			c.complete(ctx, c.first.Results, nil)
		}
	})
	return c.first, c.probeErr
}

// complete records the whole listing (or the error that prevented it).
func (c *catalog[T]) complete(ctx context.Context, items []T, err error) {
	c.allOnce.Do(func() {
		c.all, c.allErr = items, err
		close(c.allDone)
		if err == nil && c.onComplete != nil {
			c.onComplete(ctx, items)
		}
	})
}

// list returns the whole listing, walking the remaining pages once.
func (c *catalog[T]) list(ctx context.Context) ([]T, error) {
	first, err := c.probePage(ctx)
	if err != nil {
		return nil, err
	}
	c.allOnce.Do(func() {
		items, err := upstream.Rest(ctx, c.pages, first, c.size)
		c.all, c.allErr = items, err
		close(c.allDone)
		if err == nil && c.onComplete != nil {
			c.onComplete(ctx, items)
		}
	})
	return c.all, c.allErr
}

// lister is a listing as the planner sees it.
type lister interface {
	state() Listing
	probe(ctx context.Context) error
	walk(ctx context.Context) error
}

// state reports what this request knows of the listing.
func (c *catalog[T]) state() Listing {
	var l Listing
	select {
	case <-c.probed:
		if c.probeErr == nil {
			l.FirstPageIn, l.Pages = true, max(1, int(c.first.Pagination.TotalPages))
		}
	default:
	}
	select {
	case <-c.allDone:
		l.Complete = c.allErr == nil
	default:
	}
	return l
}

func (c *catalog[T]) walk(ctx context.Context) error {
	_, err := c.list(ctx)
	return err
}

// catalogRef holds a request's current catalog of one listing. Invalidate
// replaces it after a write, so later batches fetch the listing afresh;
// batches already running keep the catalog they started with.
type catalogRef[T any] struct {
	mu    sync.Mutex
	cur   *catalog[T]
	fresh func() *catalog[T]
}

func newCatalogRef[T any](fresh func() *catalog[T]) *catalogRef[T] {
	return &catalogRef[T]{cur: fresh(), fresh: fresh}
}

func (r *catalogRef[T]) get() *catalog[T] {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

func (r *catalogRef[T]) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cur = r.fresh()
}
