package loader_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"flowgate/graph/loader"
	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

func setup(t *testing.T, o loader.Options, opts ...upstreamtest.Option) (*loader.Loaders, *upstreamtest.Server, context.Context) {
	t.Helper()
	fake := upstreamtest.NewServer(opts...)
	t.Cleanup(fake.Close)
	up, err := upstream.New(fake.URL, upstream.Options{Token: upstreamtest.AdminToken})
	if err != nil {
		t.Fatal(err)
	}
	if o.Wait == 0 {
		o.Wait = 20 * time.Millisecond
	}
	return loader.New(up, o), fake, t.Context()
}

// loadAll loads keys concurrently, as sibling resolvers do, and returns the
// results in key order.
func loadAll[V any](ctx context.Context, load func(context.Context, string) (V, error), keys []string) ([]V, []error) {
	vals := make([]V, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals[i], errs[i] = load(ctx, k)
		}()
	}
	wg.Wait()
	return vals, errs
}

func flowPKs(t *testing.T, f *upstreamtest.Server, slugs ...string) []string {
	t.Helper()
	var out []string
	for _, s := range slugs {
		pk, ok := f.FlowBySlug(s)
		if !ok {
			t.Fatalf("no flow %s", s)
		}
		out = append(out, pk)
	}
	return out
}

func bindingsByFlow(l *loader.Loaders) func(context.Context, string) ([]*upstream.FlowStageBinding, error) {
	return func(ctx context.Context, k string) ([]*upstream.FlowStageBinding, error) {
		return l.BindingsByFlow.Load(ctx, k)()
	}
}

func TestBindingsByFlow_Strategies(t *testing.T) {
	slugs := []string{"default-authentication-flow", "initial-setup", "default-source-enrollment", "default-recovery-flow", "default-user-settings-flow"}
	tests := []struct {
		name  string
		opts  []upstreamtest.Option
		keys  int
		naive bool
		want  int // upstream requests
	}{
		{"one key: one ?target= request", nil, 1, false, 1},
		{"small install: one page answers every key", nil, 5, false, 1},
		{"3 pages, 5 keys: the listing is cheaper", []upstreamtest.Option{upstreamtest.WithExtraBindings(230)}, 5, false, 3},
		{"31 pages, 5 keys: per key is cheaper (after the probe)", []upstreamtest.Option{upstreamtest.WithExtraBindings(3000)}, 5, false, -1},
		{"naive: one request per key", nil, 5, true, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, fake, ctx := setup(t, loader.Options{Naive: tt.naive}, tt.opts...)
			keys := flowPKs(t, fake, slugs[:tt.keys]...)
			fake.Reset()
			got, errs := loadAll(ctx, bindingsByFlow(l), keys)
			reqs := fake.RequestCount()
			for i, k := range keys {
				if errs[i] != nil {
					t.Fatalf("key %s: %v", k, errs[i])
				}
				want := fake.BindingPKs(slugs[i])
				if len(got[i]) != len(want) {
					t.Fatalf("flow %s: %d bindings, want %d", slugs[i], len(got[i]), len(want))
				}
				for j, b := range got[i] {
					if b.PK != want[j] || b.Target != k {
						t.Errorf("flow %s binding %d = %s (target %s), want %s", slugs[i], j, b.PK, b.Target, want[j])
					}
				}
			}
			want := tt.want
			if want == -1 {
				// probe + each key's own pages
				want = 1
				for _, s := range slugs[:tt.keys] {
					want += max(1, (len(fake.BindingPKs(s))+99)/100)
				}
			}
			if reqs != want {
				t.Errorf("upstream requests = %d, want %d", reqs, want)
			}
		})
	}
}

func TestLoaders_LaterBatchesShareTheListing(t *testing.T) {
	// Once a batch has fetched the whole bindings listing, later batches of
	// any bindings loader, and stage lookups, cost nothing.
	l, fake, ctx := setup(t, loader.Options{})
	keys := flowPKs(t, fake, "default-authentication-flow", "initial-setup", "default-source-enrollment")
	fake.Reset()
	if _, errs := loadAll(ctx, bindingsByFlow(l), keys[:2]); errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if _, err := l.BindingsByFlow.Load(ctx, keys[2])(); err != nil {
		t.Fatal(err)
	}
	stagePK, _ := fake.StagePK("default-authentication-login")
	if bs, err := l.BindingsByStage.Load(ctx, stagePK)(); err != nil || len(bs) != 2 {
		t.Fatalf("bindings of the login stage = %d, %v; want 2", len(bs), err)
	}
	if _, err := l.StageByPK.Load(ctx, stagePK)(); err != nil {
		t.Fatal(err)
	}
	if got := fake.RequestCount(); got != 1 {
		t.Errorf("upstream requests = %d, want 1 (one page holding every binding, primed stages)", got)
	}
}

func TestLoaders_MissingKeys(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	const missing = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	keys := append(flowPKs(t, fake, "default-invalidation-flow"), missing)
	flows, errs := loadAll(ctx, func(ctx context.Context, k string) (*upstream.Flow, error) { return l.FlowByPK.Load(ctx, k)() }, keys)
	if errs[0] != nil || flows[0].Slug != "default-invalidation-flow" {
		t.Errorf("present key: %v %v", flows[0], errs[0])
	}
	if !errors.Is(errs[1], upstream.ErrNotFound) {
		t.Errorf("missing key err = %v, want ErrNotFound", errs[1])
	}
	bs, err := l.BindingsByFlow.Load(ctx, missing)()
	if err != nil || bs == nil || len(bs) != 0 {
		t.Errorf("bindings of a missing flow = %v, %v; want empty, nil", bs, err)
	}
}

func TestLoaders_ErrorFansOutToEveryKey(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	keys := flowPKs(t, fake, "default-authentication-flow", "initial-setup", "default-source-enrollment")
	fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/bindings/", Status: 503, Body: "down"})
	_, errs := loadAll(ctx, bindingsByFlow(l), keys)
	for i, err := range errs {
		if !errors.Is(err, upstream.ErrUnavailable) {
			t.Errorf("key %d err = %v, want ErrUnavailable", i, err)
		}
	}
	if got := fake.RequestCount(); got != 1 {
		t.Errorf("upstream requests = %d, want 1", got)
	}
}

func TestLoaders_DeduplicateAndPrime(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	fake.Reset()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := l.FlowBySlug.Load(ctx, "default-recovery-flow")(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	f, err := l.FlowBySlug.Load(ctx, "default-recovery-flow")()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.FlowByPK.Load(ctx, f.PK)(); err != nil {
		t.Fatal(err)
	}
	if got := fake.RequestCount(); got != 1 {
		t.Errorf("upstream requests = %d, want 1 (deduplicated, then primed by pk):\n%v", got, fake.Requests())
	}
}

func TestFor_PanicsWithoutMiddleware(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || fmt.Sprint(r) == "" {
			t.Error("For without loaders did not panic")
		}
	}()
	loader.For(context.Background())
}

func TestLoaders_InvalidateForgetsEverything(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	keys := flowPKs(t, fake, "default-authentication-flow", "initial-setup")
	fake.Reset()
	load := func() {
		t.Helper()
		if _, errs := loadAll(ctx, bindingsByFlow(l), keys); errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		if _, err := l.FlowBySlug.Load(ctx, "initial-setup")(); err != nil {
			t.Fatal(err)
		}
		if _, err := l.DiagramBySlug().Load(ctx, "initial-setup"); err != nil {
			t.Fatal(err)
		}
	}
	load()
	load() // all cached: the bindings listing, the flow, the diagram
	if got := fake.RequestCount(); got != 3 {
		t.Fatalf("upstream requests = %d, want 3:\n%v", got, fake.Requests())
	}
	l.Invalidate()
	load() // the listing (a fresh catalog), the flow and the diagram again
	if got := fake.RequestCount(); got != 6 {
		t.Errorf("upstream requests after Invalidate = %d, want 6:\n%v", got, fake.Requests())
	}
}

func TestMemo_DeduplicatesConcurrentCallers(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	fake.Reset()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := l.UsedByFlow().Load(ctx, "default-recovery-flow"); err != nil {
				t.Error(err)
			}
			if _, err := l.StageTypes().Load(ctx, ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// Errors are shared too.
	for range 3 {
		if _, err := l.ExportBySlug().Load(ctx, "no-such-flow"); !errors.Is(err, upstream.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	}
	if got := fake.RequestCount(); got != 3 {
		t.Errorf("upstream requests = %d, want 3:\n%v", got, fake.Requests())
	}
}

func TestFetch_OneBatchWhateverTheTiming(t *testing.T) {
	// No window: every Load would be its own batch. Want and Fetch hand all
	// keys to one batch first; the Loads that follow, one by one, find them.
	l, fake, ctx := setup(t, loader.Options{Wait: time.Nanosecond})
	slugs := []string{"default-authentication-flow", "initial-setup", "default-source-enrollment", "default-recovery-flow"}
	keys := flowPKs(t, fake, slugs...)
	fake.Reset()
	l.Fetch(ctx, l.BindingsByFlow.Want(append(keys, keys[0]))) // a repeated key is loaded once
	for i, k := range keys {
		bs, err := l.BindingsByFlow.Load(ctx, k)()
		if err != nil || len(bs) != len(fake.BindingPKs(slugs[i])) {
			t.Fatalf("flow %s: %d bindings, %v", slugs[i], len(bs), err)
		}
	}
	if got := fake.RequestCount(); got != 1 {
		t.Errorf("upstream requests = %d, want 1:\n%v", got, fake.Requests())
	}
	// Keys already cached are left alone: no second request.
	l.Fetch(ctx, l.BindingsByFlow.Want(keys))
	if _, err := l.BindingsByFlow.Load(ctx, keys[1])(); err != nil || fake.RequestCount() != 1 {
		t.Errorf("a prefetch of cached keys cost %d requests, %v", fake.RequestCount()-1, err)
	}
}

func TestFetch_ErrorsReachEveryKey(t *testing.T) {
	l, fake, ctx := setup(t, loader.Options{})
	keys := flowPKs(t, fake, "default-authentication-flow", "initial-setup")
	fake.Inject(upstreamtest.Fault{PathPrefix: "/api/v3/flows/bindings/", Status: 502, Body: "<html>bad gateway</html>"})
	l.Fetch(ctx, l.BindingsByFlow.Want(keys))
	for _, k := range keys {
		if _, err := l.BindingsByFlow.Load(ctx, k)(); !errors.Is(err, upstream.ErrUnavailable) {
			t.Errorf("key %s: err = %v, want ErrUnavailable", k, err)
		}
	}
}
