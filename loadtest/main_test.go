package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// TestMeasure builds flowgate and runs the driver briefly for one shape,
// batched and naive: the figures must be there, and the upstream requests
// per query must be what the loaders promise (counts, not timings).
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
	for mode, want := range map[string][2]float64{"batched": {2, 2}, "naive": {41, 41}} {
		r, err := measure(t.Context(), o, fake, 0, "nested", mode)
		if err != nil {
			t.Fatal(err)
		}
		if r.errors > 0 || r.requests == 0 || r.rps <= 0 || r.p50 <= 0 || r.p99 < r.p50 || r.peakRSS <= 0 {
			t.Errorf("%s: implausible figures %+v", mode, r)
		}
		if r.upstreamPerQuery < want[0] || r.upstreamPerQuery > want[1] {
			t.Errorf("%s: %.2f upstream requests per nested query, want %v to %v", mode, r.upstreamPerQuery, want[0], want[1])
		}
	}
}
