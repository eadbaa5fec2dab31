package upstream

import (
	"context"
)

// The per-request state of upstream calls rides in the context, never in the
// Client: the caller's credentials, the request id sent to authentik, the
// per-request bound on concurrency, and the marker of calls that must go
// without credentials (Ping). Everything a request handler puts there for the
// client is in this file.

type credentialsKey struct{}

// WithCredentials returns a context whose upstream calls send authorization
// as the Authorization header instead of the client's token. An empty value
// leaves ctx unchanged.
func WithCredentials(ctx context.Context, authorization string) context.Context {
	if authorization == "" {
		return ctx
	}
	return context.WithValue(ctx, credentialsKey{}, authorization)
}

func credentialsFrom(ctx context.Context) string {
	s, _ := ctx.Value(credentialsKey{}).(string)
	return s
}

type limitKey struct{}

// WithLimit returns a context in which at most n upstream calls run at once:
// the per-GraphQL-request bound on concurrency.
func WithLimit(ctx context.Context, n int) context.Context {
	if n <= 0 {
		return ctx
	}
	return context.WithValue(ctx, limitKey{}, make(chan struct{}, n))
}

type requestIDKey struct{}

// WithRequestID returns a context whose upstream calls carry id as
// X-Request-ID, so authentik's logs can be joined with flowgate's.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

type noCredentialsKey struct{}

// withoutCredentials returns a context whose upstream calls carry no
// Authorization header at all, not even the client's token.
func withoutCredentials(ctx context.Context) context.Context {
	return context.WithValue(ctx, noCredentialsKey{}, true)
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// limitFrom returns the per-request concurrency slots set by WithLimit, or nil.
func limitFrom(ctx context.Context) chan struct{} {
	l, _ := ctx.Value(limitKey{}).(chan struct{})
	return l
}

// sendsCredentials reports whether ctx allows credentials (Ping's does not).
func sendsCredentials(ctx context.Context) bool {
	return ctx.Value(noCredentialsKey{}) == nil
}
