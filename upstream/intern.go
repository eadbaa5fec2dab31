package upstream

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// Every binding authentik lists embeds its whole stage, and every stage its
// flow_set: on an install whose stages are each bound in 80 flows, one page
// of 100 bindings is 3 MB of JSON, and the whole listing of 16,000 bindings
// decodes into 1.3 million flow_set entries for 200 distinct stages. A
// request decodes each stage's flow_set once instead: binding pages are
// read with the embedded flow_set left as raw bytes, and each stage is
// decoded the first time the request meets it and shared afterwards
// (Stages). Memory then grows with the distinct stages, not with the
// bindings.

// Stages is one request's table of the stages its binding pages embedded,
// by pk. Use one per GraphQL request (WithStages), never across callers:
// it holds what one caller may see.
type Stages struct {
	mu sync.Mutex
	m  map[string]*Stage
}

// NewStages returns an empty table.
func NewStages() *Stages { return &Stages{m: map[string]*Stage{}} }

// Reset forgets every stage (after a write, whose effects on flow_set the
// request must see).
func (t *Stages) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m = map[string]*Stage{}
}

type stagesKey struct{}

// WithStages returns a context whose binding pages share stages through t.
func WithStages(ctx context.Context, t *Stages) context.Context {
	return context.WithValue(ctx, stagesKey{}, t)
}

// stage returns the request's copy of w's stage, decoding its flow_set
// when it is the first. The copy is a new object: w lives in the page
// being decoded, whose raw bytes it aliases, and must not be kept.
func (t *Stages) stage(w *stageWire) (*Stage, error) {
	if t != nil {
		t.mu.Lock()
		defer t.mu.Unlock()
		if have, ok := t.m[w.PK]; ok {
			return have, nil
		}
	}
	s := new(Stage)
	*s = w.Stage
	if flowSet := w.FlowSet; len(flowSet) > 0 && string(flowSet) != "null" {
		if err := json.Unmarshal(flowSet, &s.FlowSet); err != nil {
			return nil, fmt.Errorf("stage_obj.flow_set: %w", err)
		}
	}
	if t != nil && s.PK != "" {
		t.m[s.PK] = s
	}
	return s, nil
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

// validate is done on the converted page (see bindingPage).
func (*bindingWire) validate() error { return nil }

// bindingPage converts a page of wire bindings, sharing stages through the
// context's table.
func bindingPage(ctx context.Context, w *Page[bindingWire]) (*Page[FlowStageBinding], error) {
	t, _ := ctx.Value(stagesKey{}).(*Stages)
	p := &Page[FlowStageBinding]{Pagination: w.Pagination}
	if w.Results != nil {
		p.Results = make([]FlowStageBinding, len(w.Results))
	}
	for i := range w.Results {
		b := &p.Results[i]
		*b = w.Results[i].FlowStageBinding
		b.StageObj = nil
		if so := w.Results[i].StageObj; so != nil {
			s, err := t.stage(so)
			if err != nil {
				return nil, fmt.Errorf("results[%d]: %w", i, err)
			}
			b.StageObj = s
		}
	}
	return p, p.validate()
}
