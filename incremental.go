package main

import (
	"context"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"flowgate/upstream"
)

// incremental delivers the answers of queries that use @defer as
// multipart/mixed (gqlgen's incremental delivery, the format Apollo Client
// and GraphiQL read), to POST requests whose Accept admits it. Requests that
// do not accept it get every deferred fragment inline, in one answer
// (graph.InlineDefer).
//
// gqlgen drops a deferred payload whose context is done, and then waits for
// it forever; so the execution runs on a context that outlives the request's
// deadline and its client, while every upstream call still ends with them
// (upstream.WithCancelScope). Every deferred payload is therefore sent: with
// its data, or with the errors of the calls the deadline cut.
type incremental struct{ transport.MultipartMixed }

// deliveryInterval is how long deferred payloads that complete close
// together are gathered into one part.
const deliveryInterval = 5 * time.Millisecond

func newIncremental() incremental {
	return incremental{transport.MultipartMixed{Boundary: "-", DeliveryTimeout: deliveryInterval}}
}

func (t incremental) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	scope := r.Context()
	ctx := upstream.WithCancelScope(context.WithoutCancel(scope), scope)
	t.MultipartMixed.Do(&keepHeaders{ResponseWriter: w, cacheControl: w.Header().Values("Cache-Control")}, r.WithContext(ctx), exec)
}

// keepHeaders undoes the headers gqlgen's multipart transport sets that
// contradict flowgate's: its Cache-Control: no-cache (flowgate's answers
// are per caller and never stored) and a hop-by-hop Connection header.
type keepHeaders struct {
	http.ResponseWriter
	cacheControl []string
	fixed        bool
}

func (k *keepHeaders) fix() {
	if k.fixed {
		return
	}
	k.fixed = true
	h := k.Header()
	h.Del("Connection")
	if len(k.cacheControl) > 0 {
		h["Cache-Control"] = k.cacheControl
	} else {
		h.Set("Cache-Control", "no-store")
	}
}

func (k *keepHeaders) WriteHeader(code int) {
	k.fix()
	k.ResponseWriter.WriteHeader(code)
}

func (k *keepHeaders) Write(b []byte) (int, error) {
	k.fix()
	return k.ResponseWriter.Write(b)
}

// Flush sends what is buffered: each multipart part as it is written.
func (k *keepHeaders) Flush() {
	k.fix()
	http.NewResponseController(k.ResponseWriter).Flush() //nolint:errcheck // a client that went away is not an error here
}

func (k *keepHeaders) Unwrap() http.ResponseWriter { return k.ResponseWriter }
