package guard

import (
	"strings"
	"testing"
)

func TestBreadth(t *testing.T) {
	tests := []struct {
		doc  string
		want int
	}{
		{`{ flows { totalCount nodes { slug name } } }`, 2},
		{`{ a: flow(slug: "x") { slug } b: flow(slug: "y") { slug } }`, 4}, // an alias and its field count twice
		{`query Q($first: Int = 3, $f: FlowFilter = {slug: "a", name: "b"}) { flows(first: $first, filter: $f) { totalCount } }`, 1},
		{`{ flows { ...F ... on FlowConnection { totalCount } ...G @include(if: true) } } fragment F on FlowConnection { totalCount nodes { slug } }`, 2},
		{`{ flows(first: 1) { ` + strings.Repeat("totalCount ", 500) + `} }`, 500},
		{`# a comment with { braces and names }
		{ flows { totalCount } }`, 1},
		{`{ flows { `, 1}, // does not parse: measured up to the end
	}
	for _, tt := range tests {
		if got := Breadth(tt.doc); got != tt.want {
			t.Errorf("Breadth(%.60q) = %d, want %d", tt.doc, got, tt.want)
		}
	}
}
