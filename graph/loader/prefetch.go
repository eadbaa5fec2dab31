package loader

import (
	"context"
	"fmt"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
)

// Loader is a dataloader that can also be told its keys ahead of time.
type Loader[K comparable, V any] struct {
	*dataloader.Loader[K, V]
	cache dataloader.Cache[K, V]
	batch dataloader.BatchFunc[K, V]
	naive bool
}

// Prefetch starts loading keys in one batch right away. A list resolver
// calls it with every parent's key before the parents' child resolvers
// run: dataloader's time window (and its LoadMany, which starts a goroutine
// per key) batch only the keys that happen to arrive within the window, so
// a busy server would otherwise split the batch and pay a request for each
// part. Each key not cached yet gets a thunk that waits for this batch;
// Load then finds it and adds nothing. Keys already cached are left alone.
func (l *Loader[K, V]) Prefetch(ctx context.Context, keys []K) {
	if l.naive || len(keys) == 0 {
		return
	}
	done := make(chan struct{})
	var results []*dataloader.Result[V]
	var todo []K
	for _, k := range keys {
		if _, ok := l.cache.Get(ctx, k); ok {
			continue
		}
		i := len(todo)
		todo = append(todo, k)
		l.cache.Set(ctx, k, func() (V, error) {
			<-done
			return results[i].Data, results[i].Error
		})
	}
	if len(todo) == 0 {
		return
	}
	var once sync.Once
	go func() {
		defer once.Do(func() { close(done) })
		defer func() {
			if p := recover(); p != nil {
				results = fanOut[V](todo, fmt.Errorf("loader: panic in batch function: %v", p))
			}
		}()
		results = l.batch(ctx, todo)
		if len(results) != len(todo) {
			results = fanOut[V](todo, fmt.Errorf("loader: batch returned %d results for %d keys", len(results), len(todo)))
		}
	}()
}
