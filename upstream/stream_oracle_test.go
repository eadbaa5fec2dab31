package upstream

// The encoding/json decoding that wire.go replaced, kept here only as the
// oracle of the differential tests (stream_diff_test.go): pages streamed
// with json.Decoder (Token/More, then Decode per result into a wire type,
// then conv), bindings' stage_obj.flow_set kept raw and split by
// eachElement, single objects through json.Unmarshal.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// v1PageReader is the old pageReader.
type v1PageReader[W, T any] struct {
	conv          func(*W) (T, error)
	page          *Page[T]
	reset, commit func()
}

func (p *v1PageReader[W, T]) readFrom(r io.Reader) error {
	p.page = nil
	if p.reset != nil {
		p.reset()
	}
	pg, err := v1ReadPage(r, p.conv)
	if err != nil {
		return err
	}
	p.page = pg
	return nil
}

func (p *v1PageReader[W, T]) validate() error {
	if p.page == nil {
		return errors.New("no page")
	}
	if err := p.page.validate(); err != nil {
		return err
	}
	if p.commit != nil {
		p.commit()
	}
	return nil
}

func v1ReadPage[W, T any](r io.Reader, conv func(*W) (T, error)) (*Page[T], error) {
	dec := json.NewDecoder(r)
	if err := v1Delim(dec, '{', "a page"); err != nil {
		return nil, err
	}
	p := &Page[T]{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch {
		case strings.EqualFold(key, "pagination"):
			p.Pagination = nil
			if err := dec.Decode(&p.Pagination); err != nil {
				return nil, fmt.Errorf("pagination: %w", err)
			}
		case strings.EqualFold(key, "results"):
			if p.Results, err = v1ReadResults(dec, conv); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if err := v1Delim(dec, '}', "the end of the page"); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the page")
	}
	return p, nil
}

func v1ReadResults[W, T any](dec *json.Decoder, conv func(*W) (T, error)) ([]T, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("results is %v, not an array", tok)
	}
	out := []T{}
	for i := 0; dec.More(); i++ {
		if conv == nil {
			out = append(out, *new(T))
			if err := dec.Decode(&out[i]); err != nil {
				return nil, fmt.Errorf("results[%d]: %w", i, err)
			}
			continue
		}
		var w W
		if err := dec.Decode(&w); err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
		v, err := conv(&w)
		if err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
		out = append(out, v)
	}
	if err := v1Delim(dec, ']', "the end of results"); err != nil {
		return nil, err
	}
	return out, nil
}

func v1Delim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %s, got %v", what, tok)
	}
	return nil
}

// rawValue keeps a JSON value undecoded.
type rawValue []byte

func (r *rawValue) UnmarshalJSON(b []byte) error {
	*r = b
	return nil
}

type bindingWire struct {
	FlowStageBinding
	StageObj *stageWire `json:"stage_obj"`
}

type stageWire struct {
	Stage
	FlowSet rawValue `json:"flow_set"`
}

func v1Embedded(t *Stages, w *stageWire, pending map[string]*Stage) (*Stage, error) {
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
	if s.FlowSet, err = v1FlowSet(t, w.FlowSet); err != nil {
		return nil, err
	}
	if t != nil && s.PK != "" && pending != nil {
		pending[s.PK] = s
	}
	return s, nil
}

func v1Listed(t *Stages, w *stageWire) (Stage, error) {
	s := w.Stage
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	var err error
	s.FlowSet, err = v1FlowSet(t, w.FlowSet)
	return s, err
}

func v1FlowSet(t *Stages, raw rawValue) ([]*FlowSet, error) {
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

func v1Binding(t *Stages, w *bindingWire, pending map[string]*Stage) (FlowStageBinding, error) {
	b := w.FlowStageBinding
	b.StageObj = nil
	if so := w.StageObj; so != nil {
		s, err := v1Embedded(t, so, pending)
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

func v1BindingReader(ctx context.Context) *v1PageReader[bindingWire, FlowStageBinding] {
	t := stagesFrom(ctx)
	var pending map[string]*Stage
	return &v1PageReader[bindingWire, FlowStageBinding]{
		conv:   func(w *bindingWire) (FlowStageBinding, error) { return v1Binding(t, w, pending) },
		reset:  func() { pending = map[string]*Stage{} },
		commit: func() { t.commit(pending); pending = nil },
	}
}

func v1StageReader(ctx context.Context) *v1PageReader[stageWire, Stage] {
	t := stagesFrom(ctx)
	return &v1PageReader[stageWire, Stage]{conv: func(w *stageWire) (Stage, error) { return v1Listed(t, w) }}
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
