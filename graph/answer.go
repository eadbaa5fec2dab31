package graph

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The answer's memory. gqlgen builds the whole answer as a tree of field
// sets (one per object, with a marshaler per field) and writes it when the
// last field resolves: on the 2,000-flow install, a 6.7 MB answer of
// 256,000 bindings held ~100 MB of tree. Lists whose elements are marshalled
// in order (inline.go's marshalSlice) write each finished element to bytes
// at once instead (renderElement), so a finished element costs its JSON,
// and the tree alive at any time is the path being resolved.
//
// Those bytes are counted against the operation's answer budget
// (MAX_ANSWER_BYTES, AnswerLimit): past it, the elements still to build are
// null and the answer carries one ANSWER_TOO_LARGE error. A few upstream
// requests can answer a very large tree (a stage's flows' stages' flows
// come from the flow_set of stages already loaded), so the budget is what
// bounds an accepted query's memory.

// AnswerLimit is the gqlgen extension that gives every operation its answer
// budget of MaxBytes (0: none).
type AnswerLimit struct{ MaxBytes int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = AnswerLimit{}

// ExtensionName implements graphql.HandlerExtension.
func (AnswerLimit) ExtensionName() string { return "AnswerLimit" }

// Validate implements graphql.HandlerExtension.
func (AnswerLimit) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (a AnswerLimit) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if a.MaxBytes > 0 {
		ctx = context.WithValue(ctx, answerKey{}, &answerBudget{max: a.MaxBytes})
	}
	return next(ctx)
}

type answerKey struct{}

type answerBudget struct {
	max  int64
	used atomic.Int64
	over atomic.Bool
}

func answerBudgetFrom(ctx context.Context) *answerBudget {
	b, _ := ctx.Value(answerKey{}).(*answerBudget)
	return b
}

// answerSpent reports that the operation's answer is past its budget: the
// element about to be built is null instead (its error is already there).
func answerSpent(ctx context.Context) bool {
	b := answerBudgetFrom(ctx)
	return b != nil && b.over.Load()
}

// rawJSON is a finished part of the answer.
type rawJSON []byte

// MarshalGQL implements graphql.Marshaler.
func (r rawJSON) MarshalGQL(w io.Writer) {
	if rb, ok := w.(*renderBuffer); ok {
		rb.copied += len(r) // counted when it was rendered
	}
	_, _ = w.Write(r)
}

// renderBuffer is renderElement's scratch space; copied counts the bytes
// of elements rendered earlier that it took in.
type renderBuffer struct {
	bytes.Buffer
	copied int
}

var renderBuffers = sync.Pool{New: func() any { return new(renderBuffer) }}

// renderElement writes a finished list element to bytes and counts its new
// bytes against the answer budget. Null stays Null (gqlgen's generated
// lists look for it), and an element with @defer'd fields below is left to
// gqlgen (its deferred parts are delivered later). f is the list's field.
func renderElement(ctx context.Context, f *ast.Field, m graphql.Marshaler) graphql.Marshaler {
	switch m.(type) {
	case nil, rawJSON:
		return m
	}
	if m == graphql.Null || (f != nil && deferBelow(f)) {
		return m
	}
	rb := renderBuffers.Get().(*renderBuffer)
	rb.Reset()
	rb.copied = 0
	m.MarshalGQL(rb)
	out, fresh := rawJSON(bytes.Clone(rb.Bytes())), int64(rb.Len()-rb.copied)
	if rb.Cap() <= 1<<20 {
		renderBuffers.Put(rb)
	}
	b := answerBudgetFrom(ctx)
	if b == nil {
		return out
	}
	if used := b.used.Add(fresh); used > b.max {
		if b.over.CompareAndSwap(false, true) {
			graphql.AddError(ctx, &gqlerror.Error{
				Message: fmt.Sprintf("the answer is larger than the limit of %d bytes (ask for fewer items with first, or nest fewer lists)", b.max),
				Path:    graphql.GetPath(ctx),
				Extensions: map[string]any{
					"code": CodeAnswerTooLarge, "limit": b.max, "actual": used,
				},
			})
		}
		return graphql.Null
	}
	return out
}

// deferBelow reports whether a @defer directive appears in f's selection,
// cached per field of a parsed document like waitsBelow.
func deferBelow(f *ast.Field) bool {
	if v, ok := defers.m.Load(f); ok {
		return v.(bool)
	}
	d := selectionDefers(f.SelectionSet, 0)
	if defers.n.Add(1) > maxDeferFields {
		defers.m.Clear()
		defers.n.Store(1)
	}
	defers.m.Store(f, d)
	return d
}

// maxDeferFields bounds the cache (it is cleared when full); maxDeferWalk
// bounds the walk's depth (fragments may nest), past which @defer is
// assumed.
const (
	maxDeferFields = 10_000
	maxDeferWalk   = 64
)

var defers struct {
	m sync.Map
	n atomic.Int64
}

func selectionDefers(sel ast.SelectionSet, depth int) bool {
	if depth > maxDeferWalk {
		return true
	}
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if selectionDefers(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if s.Directives.ForName("defer") != nil || selectionDefers(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Directives.ForName("defer") != nil || s.Definition == nil || selectionDefers(s.Definition.SelectionSet, depth+1) {
				return true
			}
		}
	}
	return false
}
