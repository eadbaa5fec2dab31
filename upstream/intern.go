package upstream

import (
	"context"
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

// str returns the table's copy of s (t locked).
func (t *Stages) str(s string) string {
	if have, ok := t.strs[s]; ok {
		return have
	}
	t.strs[s] = s
	return s
}

// lookup returns the stage pk met on an accepted page (the table; t may
// be nil) or earlier on the page being read (pending).
func (t *Stages) lookup(pk []byte, pending map[string]*Stage) *Stage {
	if t != nil {
		t.mu.Lock()
		s := t.m[string(pk)]
		t.mu.Unlock()
		if s != nil {
			return s
		}
	}
	return pending[string(pk)]
}

// flowSet reads a stage's flow_set as the table shares it: each entry is
// read whole, and decoded only when the request has not met its exact
// text before (entries then shared). What is wrong with the value, if
// anything, is returned as bad, not as err: the caller decides whether
// it matters (a stage the request already has is not decoded at all).
//
// keep false reads a flow_set only to check it (a stage the request
// already has): its entries are not returned.
func (w *wire) flowSet(keep bool) (entries []*FlowSet, bad error, err error) {
	switch k := w.kind(); k {
	case 'n', 0:
		return nil, nil, w.token()
	case '[':
		if err := w.token(); err != nil {
			return nil, nil, err
		}
	default:
		return nil, errors.New("stage_obj.flow_set: not an array"), w.skip()
	}
	t := w.t
	out := w.fs[:0]
	defer func() { clear(w.fs[:cap(w.fs)]); w.fs = w.fs[:0] }()
	for i := 0; ; i++ {
		more, err := w.more()
		if err != nil || !more {
			w.fs = out
			if !keep || err != nil {
				return nil, bad, err
			}
			return w.entries.slice(out), bad, err
		}
		raw, err := w.d.ReadValue()
		if err != nil {
			return nil, nil, err
		}
		if bad != nil {
			continue // read, no longer decoded
		}
		var k entryKey
		if t != nil {
			k = keyOf(raw)
			t.mu.Lock()
			have := t.entries[k]
			t.mu.Unlock()
			if have != nil {
				out = append(out, have)
				continue
			}
		}
		f := w.flowSets.new()
		if err := w.subWire(raw).whole(f); err != nil {
			bad = fmt.Errorf("stage_obj.flow_set: flow_set[%d]: %w", i, err)
			continue
		}
		if t != nil {
			t.mu.Lock()
			if have := t.entries[k]; have != nil {
				f = have
			} else {
				f.PK = t.str(f.PK)
				t.entries[k] = f
			}
			t.mu.Unlock()
		}
		out = append(out, f)
	}
}

// listedStage decodes a result of a stage listing: its own object (the
// listing is authentik's answer for it), with the request's flow_set
// entries.
func (w *wire) listedStage(s *Stage) error {
	var bad error
	_, err := w.members("a Stage", stageNames, stageName, func(w *wire, i int) error {
		if i == stageFlowSet {
			var err error
			s.FlowSet, bad, err = w.flowSet(true)
			return err
		}
		return s.stageString(w, i)
	})
	if err == nil && bad != nil && w.typeErr == nil {
		w.typeErr = bad
	}
	return err
}

// stageObj is a binding's stage_obj as it is read. Once its pk names a
// stage the request has (the table, or earlier on the page), its other
// members are only checked, not decoded: that stage is the one kept.
type stageObj struct {
	s       Stage // the members read, but pk (in wire.pk) and flow_set
	entries []*FlowSet
	bad     error // what is wrong with flow_set
	// found is the stage the current pk names (checked: looked up).
	checked bool
	found   *Stage
	// skipped is the stage members were skipped for; mixed says they were
	// skipped for more than one (a duplicate pk member: junk).
	skipped *Stage
	mixed   bool
}

func (so *stageObj) read(w *wire, pending map[string]*Stage) error {
	_, err := w.members("stage_obj", stageNames, stageName, func(w *wire, i int) error {
		if i == 0 {
			switch w.kind() {
			case '"':
				b, err := w.strBytes()
				if err != nil {
					return err
				}
				w.pk = append(w.pk[:0], b...)
				so.checked, so.found = false, nil
				return nil
			case 'n':
				return w.token()
			}
			return w.mismatch("a string", "pk")
		}
		if w.t != nil {
			if !so.checked {
				so.found, so.checked = w.t.lookup(w.pk, pending), true
			}
			if so.found != nil {
				if so.skipped != nil && so.skipped != so.found {
					so.mixed = true
				}
				so.skipped = so.found
				if i == stageFlowSet {
					// Not kept, but checked: junk is flagged as on a
					// stage met first (encoding/json's path did not
					// read it).
					var err error
					_, so.bad, err = w.flowSet(false)
					return err
				}
				return w.skipStr(stageNames[i])
			}
		}
		if i == stageFlowSet {
			var err error
			so.entries, so.bad, err = w.flowSet(true)
			return err
		}
		return so.s.stageString(w, i)
	})
	return err
}

// resolve returns the request's copy of the stage read. A stage met first
// on this page goes into pending, not into the table: the page may still
// turn out junk (cut short, trailing bytes, failed checks), and what a
// rejected page said must not reach later pages; commit adds pending once
// the page is accepted.
func (so *stageObj) resolve(w *wire, pending map[string]*Stage) (*Stage, error) {
	t := w.t
	if so.bad != nil {
		return nil, so.bad
	}
	if so.checked && so.found != nil {
		return so.found, nil
	}
	if s := t.lookup(w.pk, pending); s != nil {
		return s, nil
	}
	if so.skipped != nil {
		if !so.mixed && so.skipped.PK == string(w.pk) {
			return so.skipped, nil
		}
		return nil, errors.New("stage_obj: a duplicate pk member named another stage after members that were skipped")
	}
	s := w.stages.new()
	*s = so.s
	s.FlowSet = so.entries
	if t != nil {
		t.mu.Lock()
		pk, ok := t.strs[string(w.pk)]
		if !ok {
			pk = w.newString(w.pk)
			t.strs[pk] = pk
		}
		s.PK = pk
		t.mu.Unlock()
	} else {
		s.PK = w.newString(w.pk)
	}
	if t != nil && s.PK != "" && pending != nil {
		pending[s.PK] = s
	}
	return s, nil
}

// listedBinding decodes a result of a binding page, sharing its stage and
// strings through the table.
func (w *wire) listedBinding(b *FlowStageBinding, pending map[string]*Stage) error {
	var so stageObj
	present := false
	_, err := w.members("a FlowStageBinding", bindingNames, bindingName, func(w *wire, i int) error {
		if i != bindingStageObj {
			return b.bindingField(w, i)
		}
		switch w.kind() {
		case '{':
			if !present { // a duplicate member decodes into the first's
				so, present = stageObj{}, true
				w.pk = w.pk[:0]
			}
			return so.read(w, pending)
		case 'n':
			present = false
			return w.token()
		}
		return w.mismatch("an object", "stage_obj")
	})
	if err != nil || w.typeErr != nil || !present {
		return err
	}
	b.StageObj, err = so.resolve(w, pending)
	return err
}

// bindingReader reads a page of bindings, sharing stages through the
// context's table; the stages a page meets first join the table only when
// the page is accepted (resolve).
func bindingReader(ctx context.Context) *pageReader[FlowStageBinding] {
	t := stagesFrom(ctx)
	var pending map[string]*Stage
	return &pageReader[FlowStageBinding]{
		t:      t,
		elem:   func(w *wire, b *FlowStageBinding) error { return w.listedBinding(b, pending) },
		reset:  func() { pending = map[string]*Stage{} },
		commit: func() { t.commit(pending); pending = nil },
	}
}

// stageReader reads a page of stages, sharing flow_set entries through the
// context's table.
func stageReader(ctx context.Context) *pageReader[Stage] {
	return &pageReader[Stage]{t: stagesFrom(ctx), elem: (*wire).listedStage}
}
