package main

import (
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"

	"flowgate/upstream"
)

// traceHeader asks for the request's upstream trace in extensions.trace.
const traceHeader = "X-Flowgate-Trace"

// withTrace starts an upstream trace for a request that asks for one with
// X-Flowgate-Trace: 1, unless -upstream-trace=false. The trace lives in
// that request's context: it lists the caller's own upstream requests and
// nothing of any other request.
func withTrace(enabled bool, next http.Handler) http.Handler {
	if !enabled {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(traceHeader) == "1" {
			ctx, _ := upstream.WithTrace(r.Context())
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// addTrace puts the request's trace, if it asked for one, in the last
// response's extensions.trace (with extensions.traceDropped when it
// outgrew its bound).
func addTrace(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	t := upstream.TraceFrom(ctx)
	if t == nil || resp == nil || (resp.HasNext != nil && *resp.HasNext) {
		return resp
	}
	entries, dropped := t.Entries()
	if entries == nil {
		entries = []upstream.TraceEntry{}
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["trace"] = entries
	if dropped > 0 {
		resp.Extensions["traceDropped"] = dropped
	}
	return resp
}
