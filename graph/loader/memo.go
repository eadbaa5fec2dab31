package loader

import (
	"context"
	"errors"
	"sync"
)

// Memo deduplicates a per-object upstream call within one request: the
// first Load of a key calls the upstream, every other Load of that key
// (concurrent or later) shares its result or error. authentik has no batch
// form of these calls (diagram, export, used_by, ...), so deduplication is
// all a loader can do for them.
type Memo[V any] struct {
	fn    func(ctx context.Context, key string) (V, error)
	naive bool

	mu    sync.Mutex
	calls map[string]*memoCall[V]
}

type memoCall[V any] struct {
	done chan struct{}
	v    V
	err  error
}

var errMemoPanic = errors.New("loader: call panicked")

func newMemo[V any](fn func(ctx context.Context, key string) (V, error), o Options) *Memo[V] {
	return &Memo[V]{fn: fn, naive: o.Naive, calls: map[string]*memoCall[V]{}}
}

// Load returns the value for key, calling the upstream at most once per
// key until the next Invalidate.
func (m *Memo[V]) Load(ctx context.Context, key string) (V, error) {
	if m.naive {
		return m.fn(ctx, key)
	}
	m.mu.Lock()
	c, ok := m.calls[key]
	if !ok {
		c = &memoCall[V]{done: make(chan struct{})}
		m.calls[key] = c
		m.mu.Unlock()
		func() {
			defer close(c.done)
			c.err = errMemoPanic // kept only if fn panics
			c.v, c.err = m.fn(ctx, key)
		}()
		return c.v, c.err
	}
	m.mu.Unlock()
	select {
	case <-c.done:
		return c.v, c.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

func (m *Memo[V]) clear() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = map[string]*memoCall[V]{}
}
