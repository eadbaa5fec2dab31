package graph

import (
	"testing"
)

func TestCursor_RoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 7, 99, 100, 123456} {
		got, err := decodeCursor(encodeCursor(n))
		if err != nil || got != n {
			t.Errorf("decodeCursor(encodeCursor(%d)) = %d, %v", n, got, err)
		}
	}
}

func TestCursor_RejectsForeignValues(t *testing.T) {
	for _, s := range []string{"", "x", encodeCursor(0) + "=", "bzotMQ", "bzowMQ", "bzoxZQ", "bzoxMDAwMDAwMA", "YWJj", "%2e%2e", "../../core/users"} {
		if n, err := decodeCursor(s); err == nil {
			t.Errorf("decodeCursor(%q) = %d, nil; want error", s, n)
		}
	}
}

func TestWindow(t *testing.T) {
	intp := func(n int) *int { return &n }
	strp := func(s string) *string { return &s }
	tests := []struct {
		name          string
		first         *int
		after         *string
		offset, limit int
		wantErr       bool
	}{
		{"defaults", nil, nil, 0, 20, false},
		{"after cursor 6", intp(7), strp(encodeCursor(6)), 7, 7, false},
		{"zero", intp(0), nil, 0, 0, false},
		{"max", intp(100), nil, 0, 100, false},
		{"too many", intp(101), nil, 0, 0, true},
		{"huge", intp(1 << 30), nil, 0, 0, true},
		{"negative", intp(-1), nil, 0, 0, true},
		{"garbage cursor", nil, strp("garbage"), 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, l, err := window(tt.first, tt.after)
			if (err != nil) != tt.wantErr || (!tt.wantErr && (o != tt.offset || l != tt.limit)) {
				t.Errorf("window = %d, %d, %v", o, l, err)
			}
		})
	}
}

// FuzzCursor checks that any string either decodes to an offset that
// re-encodes to the same string, or is refused; and that window, given it
// with any first, either refuses or returns an offset and limit in range;
// never a panic. Seeds: testdata/fuzz/FuzzCursor.
func FuzzCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string, first int) {
		n, err := decodeCursor(s)
		if err == nil {
			if n < 0 || n >= maxOffset {
				t.Fatalf("decodeCursor(%q) = %d out of range", s, n)
			}
			if encodeCursor(n) != s {
				t.Fatalf("decodeCursor(%q) = %d, which encodes to %q", s, n, encodeCursor(n))
			}
		}
		offset, limit, werr := window(&first, &s)
		switch {
		case werr != nil:
			if first >= 0 && first <= MaxFirst && (err == nil || s == "") {
				t.Fatalf("window(%d, %q) refused valid input: %v", first, s, werr)
			}
		case limit != first || limit < 0 || limit > MaxFirst:
			t.Fatalf("window(%d, %q): limit %d", first, s, limit)
		case s == "" && offset != 0, s != "" && (err != nil || offset != n+1):
			t.Fatalf("window(%d, %q): offset %d (cursor %d, %v)", first, s, offset, n, err)
		}
	})
}
