package upstream

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// capturePut records the wires putWire returns to their pools while the
// test runs.
func capturePut(t *testing.T) *[]*wire {
	t.Helper()
	var got []*wire
	putHook = func(w *wire) { got = append(got, w) }
	t.Cleanup(func() { putHook = nil })
	return &got
}

// bigBindingsPage is a bindings page whose stage's flow_set entries are
// read whole (the sub wire decodes them), followed by a 1 MiB autocomplete
// string the decoder must hold whole while it skips it.
func bigBindingsPage() []byte {
	return []byte(`{"pagination":{"count":1},"results":[{"pk":"b","target":"t","stage":"a","order":1,` +
		`"stage_obj":{"pk":"a","name":"n","flow_set":[{"pk":"f","slug":"s"},{"pk":"g","slug":"u"}]}}],` +
		`"autocomplete":{"pad":"` + strings.Repeat("x", 1<<20) + `"}}`)
}

// aliases reports whether b shares memory with body.
func aliases(b, body []byte) bool {
	if cap(b) == 0 || len(body) == 0 {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b[:cap(b)])))
	lo := uintptr(unsafe.Pointer(&body[0]))
	return p >= lo && p < lo+uintptr(len(body))
}

// A wire goes back to its pool holding nothing of the request it served:
// a streaming decoder that had to grow its buffer for a long value is
// dropped, and neither the wire nor its sub wire keeps the request's stage
// table or the body (found in review: one pooled wire held 32 MiB after a
// page with a 20 MiB string, and the sub wire kept the table and a cached
// body alive).
func TestWire_PooledWireHoldsNothing(t *testing.T) {
	got := capturePut(t)
	tab := NewStages()
	ctx := WithStages(context.Background(), tab)
	body := bigBindingsPage()

	streamed := bindingReader(ctx)
	if err := streamed.readFrom(&chunkReader{b: body, n: 4096}); err != nil {
		t.Fatal(err)
	}
	inMemory := bindingReader(WithStages(context.Background(), NewStages()))
	if err := decodeInto(body, inMemory); err != nil {
		t.Fatal(err)
	}
	if len(*got) != 2 {
		t.Fatalf("%d wires went back to a pool, want 2", len(*got))
	}
	for i, w := range *got {
		if w.t != nil || w.typeErr != nil || w.buf.Cap() != 0 {
			t.Errorf("wire %d keeps its table, error or body (buf cap %d)", i, w.buf.Cap())
		}
		if s := w.sub; s != nil && (s.t != nil || s.typeErr != nil || s.buf.Cap() != 0 || aliases(s.buf.AvailableBuffer(), body)) {
			t.Errorf("wire %d's sub wire keeps the table, an error or the body (buf cap %d)", i, s.buf.Cap())
		}
	}
	if w := (*got)[0]; w.pool != &streamPool || w.d != nil {
		t.Errorf("the streaming wire that read %d bytes kept its decoder (and its grown buffer)", len(body))
	}
	if w := (*got)[1]; w.pool != &bytesPool || w.d == nil {
		t.Errorf("the in-memory wire lost its decoder (it keeps no buffer of its own)")
	}

	// A small page keeps the decoder, and a wire without one gets a new one.
	small := []byte(`{"pagination":{"count":0},"results":[]}`)
	for range 2 {
		*got = nil
		r := bindingReader(ctx)
		if err := r.readFrom(&chunkReader{b: small, n: 7}); err != nil {
			t.Fatal(err)
		}
		if len(*got) != 1 || (*got)[0].d == nil {
			t.Fatalf("a wire that read %d bytes dropped its decoder", len(small))
		}
	}
}

// The hand-written decoders know each model's members by name lists
// (wire_models.go): a field added to a model and not to its list would be
// silently dropped. Each list is the model's json tags, in field order, and
// each name's exact matcher finds it.
func TestWire_NamesAreTheModelsTags(t *testing.T) {
	cases := []struct {
		model any
		names []string
		exact func([]byte) int
	}{
		{Flow{}, flowNames, flowName},
		{ThemedURLs{}, themedNames, themedName},
		{FlowSet{}, flowSetNames, flowSetName},
		{Stage{}, stageNames, stageName},
		{FlowStageBinding{}, bindingNames, bindingName},
		{Pagination{}, paginationNames, paginationName},
	}
	for _, c := range cases {
		typ := reflect.TypeOf(c.model)
		var tags []string
		for f := range typ.Fields() {
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
				tags = append(tags, tag)
			}
		}
		if !slices.Equal(tags, c.names) {
			t.Errorf("%s: json tags %q, decoder's names %q", typ.Name(), tags, c.names)
		}
		for i, n := range c.names {
			if got := c.exact([]byte(n)); got != i {
				t.Errorf("%s: %q matched as %d, want %d", typ.Name(), n, got, i)
			}
		}
	}
}
