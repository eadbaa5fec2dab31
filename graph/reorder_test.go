package graph

import (
	"math"
	"slices"
	"testing"

	"flowgate/upstream"
)

func TestPlanReorder(t *testing.T) {
	b := func(pk, stage string, order int) upstream.FlowStageBinding {
		return upstream.FlowStageBinding{PK: pk, Stage: stage, Order: order}
	}
	tests := []struct {
		name    string
		current []upstream.FlowStageBinding
		want    []string
		steps   []reorderStep
	}{
		{"already in order", []upstream.FlowStageBinding{b("a", "s1", 10), b("b", "s2", 20)}, []string{"a", "b"}, nil},
		{"only changed orders are written", []upstream.FlowStageBinding{b("a", "s1", 10), b("b", "s2", 25), b("c", "s3", 30)}, []string{"a", "b", "c"},
			[]reorderStep{{"b", 20}}},
		{"different stages swap directly", []upstream.FlowStageBinding{b("a", "s1", 10), b("b", "s2", 20)}, []string{"b", "a"},
			[]reorderStep{{"b", 10}, {"a", 20}}},
		{"one stage bound twice: park one", []upstream.FlowStageBinding{b("a", "s", 10), b("b", "s", 20)}, []string{"b", "a"},
			[]reorderStep{{"b", 21}, {"a", 20}, {"b", 10}}},
		{"a chain resolves without parking", []upstream.FlowStageBinding{b("a", "s", 10), b("b", "s", 20), b("c", "s", 5)}, []string{"c", "a", "b"},
			// c 5->10 is blocked by a; b 20->30 is free, then a 10->20, then c.
			[]reorderStep{{"b", 30}, {"a", 20}, {"c", 10}}},
		{"park past the flow's last order", []upstream.FlowStageBinding{b("a", "s", 10), b("b", "s", 20), b("z", "s", 500)}, []string{"b", "a", "z"},
			[]reorderStep{{"z", 30}, {"b", 501}, {"a", 20}, {"b", 10}}},
		{"no room at the int32 limit: park below", []upstream.FlowStageBinding{b("a", "s", 10), b("b", "s", 20), b("z", "x", math.MaxInt32)}, []string{"b", "a", "z"},
			[]reorderStep{{"z", 30}, {"b", -1}, {"a", 20}, {"b", 10}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planReorder(tt.current, tt.want)
			if !slices.Equal(got, tt.steps) {
				t.Errorf("steps = %v, want %v", got, tt.steps)
			}
			// Replaying the steps never breaks (target, stage, order) and ends in the wanted order.
			cur := map[string]upstream.FlowStageBinding{}
			for _, x := range tt.current {
				cur[x.PK] = x
			}
			for _, s := range got {
				x := cur[s.pk]
				for _, o := range cur {
					if o.PK != x.PK && o.Stage == x.Stage && o.Order == s.order {
						t.Fatalf("step %v collides with %s", s, o.PK)
					}
				}
				x.Order = s.order
				cur[s.pk] = x
			}
			for i, pk := range tt.want {
				if cur[pk].Order != 10*(i+1) {
					t.Errorf("%s ends at %d, want %d", pk, cur[pk].Order, 10*(i+1))
				}
			}
		})
	}
}
