package main

import (
	"net/http"

	"flowgate/upstream"
)

// withMeter gives every GraphQL request its upstream meter: the budget of
// MAX_UPSTREAM_REQUESTS and MAX_UPSTREAM_BYTES, and the counts that
// extensions.cost reports (graph.DemandControl).
func withMeter(cfg config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := upstream.NewMeter(int64(cfg.MaxUpstreamReqs), cfg.MaxUpstreamBytes)
		next.ServeHTTP(w, r.WithContext(upstream.WithMeter(r.Context(), m)))
	})
}
