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
// in order (inline.go's marshalSlice) are written to bytes as soon as they
// are finished instead (renderList), so a finished list costs its JSON,
// and the tree alive at any time is the path being resolved.
//
// Those bytes are counted against the operation's answer budget
// (MAX_ANSWER_BYTES, AnswerLimit): the list that passes it and the
// elements still to build are null, and the answer carries one
// ANSWER_TOO_LARGE error. A few upstream
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

// spent reports that the operation's answer is past its budget b (nil:
// none): the element about to be built is null instead (its error is
// already there).
func (b *answerBudget) spent() bool {
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

// renderBuffer is renderList's scratch space; copied counts the bytes of
// lists rendered earlier that it took in.
type renderBuffer struct {
	bytes.Buffer
	copied int
}

var renderBuffers = sync.Pool{New: func() any { return new(renderBuffer) }}

// renderList writes a finished list's elements to bytes at once and counts
// the bytes new to the answer (those of lists rendered below are counted
// already) against the operation's budget. It returns a one-element
// Array whose element writes the elements, comma-separated: the list
// marshals as before, and its field sets, field contexts and marshalers
// are garbage. A list holding a Null (gqlgen's generated code looks for
// it) or with @defer'd fields below (delivered later) is left as it is. f
// is the list's field, b the operation's budget (nil: none).
//
// The list that takes the answer past its budget is dropped: its elements
// are null, and so are those still to build (spent); the answer
// carries one ANSWER_TOO_LARGE error, at the path of that list.
func renderList(ctx context.Context, b *answerBudget, f *ast.Field, ret graphql.Array) graphql.Array {
	if len(ret) == 0 || (f != nil && deferBelow(f)) {
		return ret
	}
	for _, m := range ret {
		if m == nil || m == graphql.Null {
			return ret
		}
	}
	rb := renderBuffers.Get().(*renderBuffer)
	rb.Reset()
	rb.copied = 0
	for i, m := range ret {
		if i > 0 {
			rb.WriteByte(',')
		}
		m.MarshalGQL(rb)
	}
	out, fresh := rawJSON(bytes.Clone(rb.Bytes())), int64(rb.Len()-rb.copied)
	if rb.Cap() <= 1<<20 {
		renderBuffers.Put(rb)
	}
	if b != nil {
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
			// The list does not fit: its elements are null (a list of
			// non-null elements is then null itself, as gqlgen's generated
			// code decides).
			for i := range ret {
				ret[i] = graphql.Null
			}
			return ret
		}
	}
	return graphql.Array{out}
}

// deferBelow reports whether a @defer directive appears in f's selection,
// cached per field of a parsed document like waitsBelow.
func deferBelow(f *ast.Field) bool {
	return defers.get(f, func(f *ast.Field) bool { return selectionDefers(f.SelectionSet, 0) })
}

// defers caches deferBelow (fieldCache, inline.go); maxDeferWalk bounds the
// walk's depth (fragments may nest), past which @defer is assumed.
var defers = fieldCache{max: 10_000}

const maxDeferWalk = 64

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
