package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// TestMain lets the driver's test binary serve the direct baseline when it
// re-executes itself, as the driver binary does.
func TestMain(m *testing.M) {
	if shape := os.Getenv(directEnv); shape != "" {
		fmt.Fprintln(os.Stderr, serveDirect(shape))
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestMeasure builds flowgate and runs the driver briefly for each shape,
// batched, naive and direct: the figures must be there, every mode must
// give the same answer (measure checks it), the direct baseline must send
// exactly flowgate's upstream requests, and the upstream requests per query
// must be what the loaders promise (counts, not timings).
func TestMeasure(t *testing.T) {
	if testing.Short() {
		t.Skip("long test (builds and drives the binary): skipped under -short")
	}
	bin := filepath.Join(t.TempDir(), "flowgate")
	if out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	fake := upstreamtest.NewServer(upstreamtest.WithExtraFlows(3))
	defer fake.Close()
	o := options{bin: bin, duration: 300 * time.Millisecond, warmup: 100 * time.Millisecond, concurrency: 2}
	// Lookahead batching (graph/prefetch.go) keeps a nested query at exactly 2
	// upstream requests however busy the machine is.
	want := map[string]map[string]float64{
		"flat":   {"batched": 1, "naive": 1, "direct": 1},
		"nested": {"batched": 2, "naive": 41, "direct": 2},
		"deep":   {"batched": 2, "direct": 2},
		"single": {"batched": 2, "naive": 2, "direct": 2},
	}
	for _, shape := range []string{"flat", "nested", "deep", "single"} {
		for _, mode := range []string{"batched", "naive", "direct"} {
			w, ok := want[shape][mode]
			if !ok {
				continue
			}
			r, err := measure(t.Context(), o, fake, 0, shape, mode)
			if err != nil {
				t.Fatal(err)
			}
			if r.errors > 0 || r.requests == 0 || r.rps <= 0 || r.p50 <= 0 || r.p99 < r.p50 || r.peakRSS <= 0 {
				t.Errorf("%s/%s: implausible figures %+v", shape, mode, r)
			}
			if r.upstreamPerQuery != w {
				t.Errorf("%s/%s: %.2f upstream requests per query, want %v", shape, mode, r.upstreamPerQuery, w)
			}
		}
	}
}
