package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"sync"
)

// Every binding authentik lists embeds its whole stage, and every stage its
// flow_set: on an install whose stages are each bound in 80 flows, one page
// of 100 bindings is 3 MB of JSON, and the whole listing of 16,000 bindings
// holds 1.3 million flow_set entries for 200 distinct stages and 2,000
// distinct flows. A request therefore decodes:
//
//   - each embedded stage once: binding pages are read with the embedded
//     flow_set left as raw bytes, and a stage is decoded the first time the
//     request meets it and shared afterwards;
//   - each distinct flow_set entry once: entries are shared by their exact
//     JSON text, so the 80 entries of a stage's flow_set that also appear
//     in other stages' (the same flow, unchanged) are one object each;
//   - the binding's own repeated strings (its target flow's and its stage's
//     pk) once.
//
// Memory then grows with the distinct stages and flows, not with the
// bindings.

// Stages is one request's table of the stages its binding pages embedded,
// by pk, and of the flow_set entries met. Use one per GraphQL request
// (WithStages), never across callers: it holds what one caller may see.
type Stages struct {
	mu      sync.Mutex
	m       map[string]*Stage
	entries map[entryKey]*FlowSet
	strs    map[string]string
}

// entryKey identifies a flow_set entry by its JSON text: two independent
// 64-bit hashes of it.
type entryKey [2]uint64

var entrySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func keyOf(raw []byte) entryKey {
	return entryKey{maphash.Bytes(entrySeeds[0], raw), maphash.Bytes(entrySeeds[1], raw)}
}

// NewStages returns an empty table.
func NewStages() *Stages {
	return &Stages{m: map[string]*Stage{}, entries: map[entryKey]*FlowSet{}, strs: map[string]string{}}
}

// Reset forgets every stage (after a write, whose effects on flow_set the
// request must see).
func (t *Stages) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m = map[string]*Stage{}
	t.entries = map[entryKey]*FlowSet{}
	t.strs = map[string]string{}
}

type stagesKey struct{}

// WithStages returns a context whose binding pages share stages through t.
func WithStages(ctx context.Context, t *Stages) context.Context {
	return context.WithValue(ctx, stagesKey{}, t)
}

func stagesFrom(ctx context.Context) *Stages {
	t, _ := ctx.Value(stagesKey{}).(*Stages)
	return t
}

// embedded returns the request's copy of w's stage, decoding it when it is
// the first. The copy is a new object: w lives in the page being decoded,
// whose raw bytes it aliases, and must not be kept. A stage met first on
// this page goes into pending, not into the table: the page may still turn
// out junk (cut short, trailing bytes, failed checks), and what a rejected
// page said must not reach later pages; commit adds pending once the page
// is accepted.
func (t *Stages) embedded(w *stageWire, pending map[string]*Stage) (*Stage, error) {
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		if have, ok := t.m[w.PK]; ok {
			return have, nil
		}
	}
	if have, ok := pending[w.PK]; ok {
		return have, nil
	}
	s := new(Stage)
	*s = w.Stage
	var err error
	if s.FlowSet, err = t.flowSet(w.FlowSet); err != nil {
		return nil, err
	}
	if t != nil && s.PK != "" && pending != nil {
		pending[s.PK] = s
	}
	return s, nil
}

// commit adds the stages of an accepted page to the table (the first copy
// of a stage stays).
func (t *Stages) commit(pending map[string]*Stage) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for pk, s := range pending {
		if _, ok := t.m[pk]; !ok {
			t.m[pk] = s
		}
	}
}

// listed converts a stage of a stage listing: its own object (the listing
// is authentik's answer for it), with the request's flow_set entries.
func (t *Stages) listed(w *stageWire) (Stage, error) {
	s := w.Stage
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	var err error
	s.FlowSet, err = t.flowSet(w.FlowSet)
	return s, err
}

// flowSet decodes a raw flow_set, sharing entries already met (t locked,
// or nil: then nothing is shared).
func (t *Stages) flowSet(raw rawValue) ([]*FlowSet, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	out := []*FlowSet{}
	err := eachElement(raw, func(i int, elem []byte) error {
		var k entryKey
		if t != nil {
			k = keyOf(elem)
			if have, ok := t.entries[k]; ok {
				out = append(out, have)
				return nil
			}
		}
		f := new(FlowSet)
		if err := json.Unmarshal(elem, f); err != nil {
			return fmt.Errorf("flow_set[%d]: %w", i, err)
		}
		if t != nil {
			f.PK = t.str(f.PK)
			t.entries[k] = f
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stage_obj.flow_set: %w", err)
	}
	return out, nil
}

// str returns the table's copy of s (t locked).
func (t *Stages) str(s string) string {
	if have, ok := t.strs[s]; ok {
		return have
	}
	t.strs[s] = s
	return s
}

// eachElement calls f with each element of the JSON array raw, which
// encoding/json has already checked is well-formed JSON.
func eachElement(raw []byte, f func(i int, elem []byte) error) error {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return errors.New("not an array")
	}
	n, start, depth := 0, -1, 0
	emit := func(end int) error {
		if start < 0 {
			return errors.New("empty element")
		}
		e := raw[start:end]
		for len(e) > 0 && isSpace(e[len(e)-1]) {
			e = e[:len(e)-1]
		}
		err := f(n, e)
		n, start = n+1, -1
		return err
	}
	for i++; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			if start < 0 {
				start = i
			}
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' {
					i++
				}
			}
		case c == '{' || c == '[':
			if start < 0 {
				start = i
			}
			depth++
		case c == '}' || c == ']':
			if depth > 0 {
				depth--
				continue
			}
			if start < 0 && n == 0 {
				return nil // []
			}
			return emit(i)
		case c == ',' && depth == 0:
			if err := emit(i); err != nil {
				return err
			}
		case isSpace(c):
		default:
			if start < 0 {
				start = i
			}
		}
	}
	return errors.New("unterminated array")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// rawValue keeps a JSON value undecoded. It aliases the body being
// decoded, so it is only valid until that body is dropped.
type rawValue []byte

func (r *rawValue) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

// bindingWire is a listed binding as read: its stage's flow_set raw.
type bindingWire struct {
	FlowStageBinding
	StageObj *stageWire `json:"stage_obj"`
}

type stageWire struct {
	Stage
	FlowSet rawValue `json:"flow_set"`
}

// binding converts a binding as read, sharing its stage and strings
// through the table.
func (t *Stages) binding(w *bindingWire, pending map[string]*Stage) (FlowStageBinding, error) {
	b := w.FlowStageBinding
	b.StageObj = nil
	if so := w.StageObj; so != nil {
		s, err := t.embedded(so, pending)
		if err != nil {
			return b, err
		}
		b.StageObj = s
	}
	if t != nil {
		t.mu.Lock()
		b.Target, b.Stage = t.str(b.Target), t.str(b.Stage)
		b.PolicyEngineMode, b.InvalidResponseAction = t.str(b.PolicyEngineMode), t.str(b.InvalidResponseAction)
		t.mu.Unlock()
	}
	return b, nil
}

// bindingReader reads a page of bindings, sharing stages through the
// context's table; the stages a page meets first join the table only when
// the page is accepted (embedded).
func bindingReader(ctx context.Context) *pageReader[bindingWire, FlowStageBinding] {
	t := stagesFrom(ctx)
	var pending map[string]*Stage
	return &pageReader[bindingWire, FlowStageBinding]{
		conv:   func(w *bindingWire) (FlowStageBinding, error) { return t.binding(w, pending) },
		reset:  func() { pending = map[string]*Stage{} },
		commit: func() { t.commit(pending); pending = nil },
	}
}

// stageReader reads a page of stages, sharing flow_set entries through the
// context's table.
func stageReader(ctx context.Context) *pageReader[stageWire, Stage] {
	return &pageReader[stageWire, Stage]{conv: stagesFrom(ctx).listed}
}
