package upstreamtest_test

import (
	"testing"

	"flowgate/upstream/upstreamtest"
)

// TestLargeInstall pins the shape of the generated large install that the
// gateway's scale tests run on: sizes, distinct stages per flow, an even
// flow_set of 80 flows per generated stage, policy bindings, and that two
// fakes built alike are identical.
func TestLargeInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("large install: skipped under -short")
	}
	s := upstreamtest.NewServer(upstreamtest.WithLargeInstall())
	defer s.Close()
	flows, stages, bindings := s.Counts()
	wantFlows := upstreamtest.SeedFlows + upstreamtest.LargeFlows
	wantStages := upstreamtest.SeedStages + upstreamtest.LargeStages
	wantBindings := upstreamtest.SeedBindings + upstreamtest.LargeFlows*upstreamtest.LargeBindingsPerFlow
	if flows != wantFlows || stages != wantStages || bindings != wantBindings {
		t.Fatalf("counts = %d flows, %d stages, %d bindings; want %d, %d, %d", flows, stages, bindings, wantFlows, wantStages, wantBindings)
	}
	for _, slug := range []string{"large-flow-0001", "large-flow-0004", "large-flow-2000"} {
		if got := len(s.BindingPKs(slug)); got != upstreamtest.LargeBindingsPerFlow {
			t.Errorf("%s has %d bindings, want %d", slug, got, upstreamtest.LargeBindingsPerFlow)
		}
	}

	// One page of the stage listing: every generated stage is bound in
	// 2000*8/200 = 80 flows.
	page := listPage(t, get(t, s, api+"/stages/all/?page_size=100&search=large-stage-00"))
	if page.Pagination.Count != 99 {
		t.Fatalf("large-stage-00xx stages = %d, want 99", page.Pagination.Count)
	}
	for _, r := range page.Results {
		if n := len(r["flow_set"].([]any)); n != 80 {
			t.Errorf("%s flow_set has %d flows, want 80", strField(r, "name"), n)
		}
	}

	// A flow's bindings use distinct stages in order 10..80.
	bi := listPage(t, get(t, s, api+"/flows/bindings/?page_size=100&target="+mustFlowPK(t, s, "large-flow-0004")))
	if len(bi.Results) != 8 {
		t.Fatalf("large-flow-0004 bindings = %d, want 8", len(bi.Results))
	}
	seen := map[string]bool{}
	for i, r := range bi.Results {
		if o := int(r["order"].(float64)); o != (i+1)*10 {
			t.Errorf("binding %d order = %d, want %d", i, o, (i+1)*10)
		}
		stage := strField(r, "stage")
		if seen[stage] {
			t.Errorf("stage %s bound twice in one flow", stage)
		}
		seen[stage] = true
	}
	if _, ok := s.PolicyPK("large-policy-001"); !ok {
		t.Error("large-policy-001 missing")
	}

	again := upstreamtest.NewServer(upstreamtest.WithLargeInstall())
	defer again.Close()
	if s.Snapshot() != again.Snapshot() {
		t.Error("two large installs differ: the generator is not deterministic")
	}
}

func mustFlowPK(t *testing.T, s *upstreamtest.Server, slug string) string {
	t.Helper()
	pk, ok := s.FlowBySlug(slug)
	if !ok {
		t.Fatalf("no flow %s", slug)
	}
	return pk
}
