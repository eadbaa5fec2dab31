package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"
)

// CORS: the headers a browser may send, and how long it may cache a
// preflight answer.
const (
	corsAllowHeaders = "Content-Type, Authorization, X-Request-ID"
	corsMaxAge       = "600"
)

// withCORS answers browsers' cross-origin requests to /graphql for the
// origins in cfg.CORSOrigins only. Allowed origins get
// Access-Control-Allow-Origin (their own origin, or * when the list is * and
// credentials are off); a preflight from any other origin, or for another
// method or header, is refused with 403 and no CORS headers. Responses vary
// by Origin. With no origins configured it does nothing, and browsers
// refuse cross-origin calls on their own.
func withCORS(cfg config, next http.Handler) http.Handler {
	if len(cfg.CORSOrigins) == 0 {
		return next
	}
	anyOrigin := slices.Contains(cfg.CORSOrigins, "*")
	allowed := func(origin string) bool {
		return anyOrigin || slices.Contains(cfg.CORSOrigins, strings.ToLower(origin))
	}
	allowOrigin := func(h http.Header, origin string) {
		if anyOrigin && !cfg.CORSAllowCredentials {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		if cfg.CORSAllowCredentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/graphql" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if !preflight {
			if origin != "" && allowed(origin) {
				allowOrigin(h, origin)
				h.Set("Access-Control-Expose-Headers", "X-Request-ID")
			}
			next.ServeHTTP(w, r)
			return
		}
		h.Add("Vary", "Access-Control-Request-Method")
		h.Add("Vary", "Access-Control-Request-Headers")
		method := r.Header.Get("Access-Control-Request-Method")
		if origin == "" || !allowed(origin) || (method != http.MethodGet && method != http.MethodPost) ||
			!headersAllowed(r.Header.Values("Access-Control-Request-Headers")) {
			http.Error(w, "CORS request not allowed", http.StatusForbidden)
			return
		}
		allowOrigin(h, origin)
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
		h.Set("Access-Control-Max-Age", corsMaxAge)
		w.WriteHeader(http.StatusNoContent)
	})
}

// headersAllowed checks a preflight's Access-Control-Request-Headers
// against corsAllowHeaders.
func headersAllowed(values []string) bool {
	for _, v := range values {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			ok := false
			for _, a := range strings.Split(corsAllowHeaders, ", ") {
				ok = ok || strings.EqualFold(name, a)
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

// withDeadline bounds a whole GraphQL request: when it passes, upstream
// calls still running are cancelled and their fields fail with
// UPSTREAM_TIMEOUT.
func withDeadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
