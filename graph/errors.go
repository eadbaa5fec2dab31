package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/model"
	"flowgate/upstream"
)

// Error codes in extensions.code. They are public API: clients switch on
// them, and the README's errors table lists each (TestDocumentedCodes).
// gqlgen's own GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED pass
// through unchanged.
const (
	// Field errors: a resolver failed; the answer carries data (null where
	// the field failed) and the other fields survive.
	CodeNotFound            = "NOT_FOUND"
	CodeUnauthenticated     = "UNAUTHENTICATED"
	CodeForbidden           = "FORBIDDEN"
	CodeBadUserInput        = "BAD_USER_INPUT"
	CodeUpstreamError       = "UPSTREAM_ERROR"
	CodeUpstreamUnavailable = "UPSTREAM_UNAVAILABLE"
	CodeUpstreamTimeout     = "UPSTREAM_TIMEOUT"
	CodeInternal            = "INTERNAL"
	// The request's upstream budget (MAX_UPSTREAM_REQUESTS,
	// MAX_UPSTREAM_BYTES) was spent before this field could be fetched;
	// extensions.budget, limit and actual say which and by how much.
	CodeUpstreamBudgetExceeded = "UPSTREAM_BUDGET_EXCEEDED"
	// The answer grew past MAX_ANSWER_BYTES while it was built (answer.go):
	// the rest of it is null; extensions.limit and actual (bytes).
	CodeAnswerTooLarge = "ANSWER_TOO_LARGE"

	// Refusals of the request itself, before any resolver runs (and so
	// before any upstream call). The limit codes carry extensions.limit
	// and extensions.actual.
	CodeParseFailed      = "GRAPHQL_PARSE_FAILED"
	CodeValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	CodeBadRequest       = "BAD_REQUEST"
	CodeQueryTooLarge    = "QUERY_TOO_LARGE"
	CodeQueryTooDeep     = "QUERY_TOO_DEEP"
	CodeTooManyAliases   = "TOO_MANY_ALIASES"
	CodeQueryTooComplex  = "QUERY_TOO_COMPLEX"
	// The operation's estimated upstream requests are over
	// MAX_UPSTREAM_REQUESTS (demand control, graph/guard/demand.go).
	CodeQueryTooExpensive        = "QUERY_TOO_EXPENSIVE"
	CodeIntrospectionDisabled    = "INTROSPECTION_DISABLED"
	CodePersistedQueryNotFound   = "PERSISTED_QUERY_NOT_FOUND"
	CodePersistedQueryInvalid    = "PERSISTED_QUERY_INVALID"
	CodePersistedQueryNotAllowed = "PERSISTED_QUERY_NOT_ALLOWED"

	// Refusals at the HTTP edge, before the GraphQL handler.
	CodeHostNotAllowed       = "HOST_NOT_ALLOWED"
	CodeCrossSiteRequest     = "CROSS_SITE_REQUEST"
	CodeCORSNotAllowed       = "CORS_NOT_ALLOWED"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeRouteNotFound        = "ROUTE_NOT_FOUND"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeHeaderTooLarge       = "HEADER_TOO_LARGE"

	// Refusals by the shared state (package shared), before any upstream
	// call: the caller is over RATE_LIMIT (with Retry-After), or
	// REDIS_REQUIRED is set and Redis does not answer.
	CodeRateLimited      = "RATE_LIMITED"
	CodeRedisUnavailable = "REDIS_UNAVAILABLE"
)

// statuses is the one table from error code to HTTP status: the status of
// an answer whose first error has this code. Every layer that answers with
// an error takes its status from here (HTTPStatus): the HTTP edge
// (writeError) and gqlgen's transports, whose refusals the edge re-answers
// with the table's status (middleware.go, tableStatus). Field errors are
// 200: the answer carries data. A client that accepts
// application/graphql-response+json gets 400 where the table says 422
// (GraphQL over HTTP).
var statuses = map[string]int{
	CodeNotFound:               http.StatusOK,
	CodeUnauthenticated:        http.StatusOK,
	CodeForbidden:              http.StatusOK,
	CodeBadUserInput:           http.StatusOK,
	CodeUpstreamError:          http.StatusOK,
	CodeUpstreamUnavailable:    http.StatusOK,
	CodeUpstreamTimeout:        http.StatusOK,
	CodeInternal:               http.StatusOK,
	CodeUpstreamBudgetExceeded: http.StatusOK,
	CodeAnswerTooLarge:         http.StatusOK,

	CodeParseFailed:              http.StatusUnprocessableEntity,
	CodeValidationFailed:         http.StatusUnprocessableEntity,
	CodeBadRequest:               http.StatusBadRequest,
	CodeQueryTooLarge:            http.StatusRequestEntityTooLarge,
	CodeQueryTooDeep:             http.StatusUnprocessableEntity,
	CodeTooManyAliases:           http.StatusUnprocessableEntity,
	CodeQueryTooComplex:          http.StatusUnprocessableEntity,
	CodeQueryTooExpensive:        http.StatusUnprocessableEntity,
	CodeIntrospectionDisabled:    http.StatusUnprocessableEntity,
	CodePersistedQueryNotFound:   http.StatusOK, // Apollo clients answer it by sending the document
	CodePersistedQueryInvalid:    http.StatusUnprocessableEntity,
	CodePersistedQueryNotAllowed: http.StatusUnprocessableEntity,

	CodeHostNotAllowed:       http.StatusMisdirectedRequest,
	CodeCrossSiteRequest:     http.StatusForbidden,
	CodeCORSNotAllowed:       http.StatusForbidden,
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	CodeRouteNotFound:        http.StatusNotFound,
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	CodeHeaderTooLarge:       http.StatusRequestHeaderFieldsTooLarge,

	CodeRateLimited:      http.StatusTooManyRequests,
	CodeRedisUnavailable: http.StatusServiceUnavailable,
}

// Codes returns every error code, sorted.
func Codes() []string {
	out := make([]string, 0, len(statuses))
	for c := range statuses {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// HTTPStatus returns the status of an answer whose first error has code
// (500 for a code not in the table: a bug).
func HTTPStatus(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

func init() {
	// gqlgen's transports answer KindProtocol errors with a 4xx and the
	// others with 200; the edge then applies the table's status.
	for code, status := range statuses {
		kind := errcode.KindUser
		if status != http.StatusOK {
			kind = errcode.KindProtocol
		}
		errcode.RegisterErrorType(code, kind)
	}
}

// InputError marks an upstream 400 caused by what the client sent (a filter
// or a mutation's input), as opposed to a 400 on a call the gateway made on
// its own. Its field messages are shown to the client under the GraphQL
// names in Rename (authentik name -> GraphQL name); unlisted fields are
// camel-cased.
type InputError struct {
	Err    *upstream.Error
	Rename map[string]string
	// Prefix goes before the camel-cased name of a field that Rename does
	// not list: "input." for a mutation's input object.
	Prefix string
}

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// asInput wraps err as an InputError when it is an upstream 400.
func asInput(err error, rename map[string]string) error {
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.StatusCode == http.StatusBadRequest {
		return &InputError{Err: ue, Rename: rename}
	}
	return err
}

// ErrorPresenter turns any resolver error into a safe message with a stable
// extensions.code. Upstream bodies never reach the client; only authentik's
// validation messages for the client's own input do (forms need them).
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if code, ok := gqlErr.Extensions["code"]; ok && code != "" {
			return presentCoded(ctx, gqlErr) // gqlgen's GRAPHQL_* codes and our own
		}
		var direct *gqlerror.Error
		if len(gqlErr.Path) == 0 && errors.As(err, &direct) && direct == gqlErr {
			return requestError(gqlErr)
		}
		code, msg, ext := classify(err)
		if code == CodeInternal {
			// A bug: logged on its own line. Other errors are counted in the
			// request's one log line (their codes), not logged one by one.
			log.ErrorContext(ctx, "resolver error", "err", err.Error(), "path", gqlErr.Path.String())
		}
		out := &gqlerror.Error{
			Message:    msg,
			Path:       gqlErr.Path,
			Locations:  gqlErr.Locations,
			Extensions: map[string]any{"code": code},
		}
		for k, v := range ext {
			out.Extensions[k] = v
		}
		return out
	}
}

// presentCoded finishes an error that already has a code: BAD_USER_INPUT
// gets its one shape (a scalar's coercion error has no fields: its message
// goes to nonFieldErrors), and gqlgen's "operation  not found" says what
// to do.
func presentCoded(ctx context.Context, e *gqlerror.Error) *gqlerror.Error {
	switch e.Extensions["code"] {
	case CodeBadUserInput:
		if _, ok := e.Extensions["fields"]; !ok {
			e.Extensions["fields"] = map[string][]string{}
			e.Extensions["nonFieldErrors"] = []string{e.Message}
		}
	case CodeValidationFailed:
		if name, ok := strings.CutPrefix(e.Message, "operation "); ok && strings.HasSuffix(name, " not found") {
			name = strings.TrimSuffix(name, " not found")
			if name == "" {
				e.Message = "the document has several operations: set operationName to the one to run"
			} else {
				e.Message = fmt.Sprintf("the document has no operation named %q: set operationName to one of its operations", name)
			}
		}
	}
	return e
}

// requestError gives a code to gqlgen's errors about the request itself
// (they have none), and replaces messages that quote the request body: a
// body may hold anything, tokens included.
func requestError(e *gqlerror.Error) *gqlerror.Error {
	code, msg := CodeBadRequest, "invalid request"
	switch {
	case strings.HasPrefix(e.Message, "json request body could not be decoded"):
		msg = "request body is not valid JSON"
	case strings.HasPrefix(e.Message, "could not read request body"):
		msg = "request body could not be read"
	case e.Message == "invalid APQ extension data", e.Message == "unsupported APQ version",
		e.Message == "provided APQ hash does not match query":
		code, msg = CodePersistedQueryInvalid, e.Message
	}
	return &gqlerror.Error{Message: msg, Locations: e.Locations, Extensions: map[string]any{"code": code}}
}

// classify maps an error to a code, a client message and extra extensions.
func classify(err error) (code, msg string, ext map[string]any) {
	var (
		ue    *upstream.Error
		ie    *InputError
		enumE *model.UnknownEnumError
		re    *ReorderError
		be    *upstream.BudgetError
	)
	if errors.As(err, &re) {
		return classifyReorder(re)
	}
	if errors.As(err, &ue) {
		ext = map[string]any{"upstreamStatus": ue.StatusCode}
	}
	switch {
	case errors.As(err, &enumE):
		return CodeUpstreamError, enumE.Error(), map[string]any{"enum": enumE.Type}
	case errors.As(err, &ie):
		fields := graphFields(ie.Err.Fields, ie.Rename, ie.Prefix)
		ext["fields"] = fields
		ext["nonFieldErrors"] = nonNil(ie.Err.NonFieldErrors)
		return CodeBadUserInput, firstProblem(fields, ie.Err.NonFieldErrors), ext
	case errors.Is(err, upstream.ErrInvalidArgument):
		const msg = "invalid argument"
		return CodeBadUserInput, msg, map[string]any{"fields": map[string][]string{}, "nonFieldErrors": []string{msg}}
	case errors.Is(err, upstream.ErrUnauthorized):
		if ue != nil && ue.Detail == "Token invalid/expired" {
			return CodeUnauthenticated, "invalid or expired token", ext
		}
		return CodeUnauthenticated, "authentication required", ext
	case errors.Is(err, upstream.ErrForbidden):
		return CodeForbidden, "upstream denied access", ext
	case errors.Is(err, upstream.ErrNotFound):
		return CodeNotFound, "not found", ext
	case errors.As(err, &be):
		return CodeUpstreamBudgetExceeded, budgetMessage(be), map[string]any{"budget": be.Budget, "limit": be.Limit, "actual": be.Actual}
	case errors.Is(err, upstream.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return CodeUpstreamTimeout, "upstream timed out", ext
	case errors.Is(err, upstream.ErrUnavailable):
		return CodeUpstreamUnavailable, "upstream unavailable", ext
	case errors.Is(err, upstream.ErrBadResponse):
		return CodeUpstreamError, "upstream returned a malformed response", ext
	case ue != nil:
		return CodeUpstreamError, fmt.Sprintf("upstream error (status %d)", ue.StatusCode), ext
	case errors.Is(err, context.Canceled):
		return CodeInternal, "request cancelled", nil
	}
	return CodeInternal, "internal error", nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// graphFields renames authentik's field names to GraphQL's.
func graphFields(fields map[string][]string, rename map[string]string, prefix string) map[string][]string {
	out := make(map[string][]string, len(fields))
	for k, v := range fields {
		name, ok := rename[k]
		if !ok {
			name = prefix + camel(k)
		}
		out[name] = append(out[name], v...)
	}
	return out
}

// camel turns authentik's snake_case into GraphQL's camelCase.
func camel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// Recover turns a resolver panic into an INTERNAL error and logs the stack;
// the process keeps serving.
func Recover(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &gqlerror.Error{Message: "internal error", Extensions: map[string]any{"code": CodeInternal}}
	}
}

// SortErrors orders a response's errors by path (then message), so that
// concurrent resolvers failing in any order give the same response.
func SortErrors(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 1 {
		slices.SortStableFunc(resp.Errors, func(a, b *gqlerror.Error) int {
			if c := comparePaths(a.Path, b.Path); c != 0 {
				return c
			}
			return strings.Compare(a.Message, b.Message)
		})
	}
	return resp
}

// comparePaths orders paths element by element, list indexes numerically.
func comparePaths(a, b ast.Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ai, aIdx := a[i].(ast.PathIndex)
		bi, bIdx := b[i].(ast.PathIndex)
		switch {
		case aIdx && bIdx:
			if c := cmp.Compare(ai, bi); c != 0 {
				return c
			}
		default:
			if c := strings.Compare(fmt.Sprint(a[i]), fmt.Sprint(b[i])); c != 0 {
				return c
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}

// budgetMessage says which budget a field found spent.
func budgetMessage(be *upstream.BudgetError) string {
	if be.Budget == "bytes" {
		return fmt.Sprintf("this request has read %d bytes from authentik, its limit is %d: the field was not fetched", be.Actual, be.Limit)
	}
	return fmt.Sprintf("this request has spent its %d upstream requests: the field was not fetched", be.Limit)
}
