package upstream

import (
	"context"
)

// The per-request state of upstream calls rides in the context, never in the
// Client: the caller's credentials, the request id sent to authentik, the
// per-request bound on concurrency, the request's meter and trace, and the
// marker of calls that must go without credentials (Ping). Everything a
// request handler puts there for the client is in this file.
//
// It is one value in the context (callState), not one per item: a handler
// sets all of them at once with WithRequest, and each With* function below
// returns a context with a copy of the state that changes one item, so an
// inner context still overrides an outer one item by item.

// callState is what the client reads from a context. It is never changed
// once it is in a context.
type callState struct {
	credentials   string        // Authorization to send instead of the client's token
	requestID     string        // X-Request-ID
	limit         chan struct{} // the request's concurrency slots, or nil
	meter         *Meter
	trace         *Trace
	noCredentials bool // Ping: no Authorization at all

	// The header values of credentials and requestID, made once per
	// state rather than once per request sent (setHeaders).
	credentialsHeader, requestIDHeader []string
}

// headers makes the header values of s's credentials and request id.
func (s *callState) headers() {
	if s.credentials != "" && (len(s.credentialsHeader) == 0 || s.credentialsHeader[0] != s.credentials) {
		s.credentialsHeader = []string{s.credentials}
	}
	if s.requestID != "" && (len(s.requestIDHeader) == 0 || s.requestIDHeader[0] != s.requestID) {
		s.requestIDHeader = []string{s.requestID}
	}
}

// credentialsValue is the Authorization header's value (never written to:
// a full slice, which Header.Add replaces rather than appends to).
func (s *callState) credentialsValue() []string { return s.credentialsHeader[:1:1] }

// requestIDValue is the X-Request-ID header's value, as credentialsValue.
func (s *callState) requestIDValue() []string { return s.requestIDHeader[:1:1] }

type stateKey struct{}

// stateFrom returns ctx's state, or nil.
func stateFrom(ctx context.Context) *callState {
	s, _ := ctx.Value(stateKey{}).(*callState)
	return s
}

// withState returns ctx with a copy of its state changed by set.
func withState(ctx context.Context, set func(*callState)) context.Context {
	s := &callState{}
	if old := stateFrom(ctx); old != nil {
		*s = *old
	}
	set(s)
	s.headers()
	return context.WithValue(ctx, stateKey{}, s)
}

// Request is what one caller's request hands the client for its upstream
// calls, set with one WithRequest rather than a context value each.
type Request struct {
	// Credentials, when not empty, is sent as the Authorization header
	// instead of the client's token (see WithCredentials).
	Credentials string
	// RequestID, when not empty, is sent as X-Request-ID (WithRequestID).
	RequestID string
	// Parallel, when > 0, bounds the request's upstream calls in flight
	// (WithLimit).
	Parallel int
	// Meter, when not nil, is the request's budget and counts (WithMeter).
	Meter *Meter
	// Trace, when not nil, lists the request's upstream requests
	// (WithTrace).
	Trace *Trace
}

// WithRequest returns a context whose upstream calls use r: the same as
// WithCredentials, WithRequestID, WithLimit, WithMeter and the trace of
// WithTrace applied to ctx in turn, each only when r sets it.
func WithRequest(ctx context.Context, r Request) context.Context {
	s := &callState{}
	if old := stateFrom(ctx); old != nil {
		*s = *old
	}
	if r.Credentials != "" {
		s.credentials = r.Credentials
	}
	if r.RequestID != "" {
		s.requestID = r.RequestID
	}
	if r.Parallel > 0 {
		s.limit = make(chan struct{}, r.Parallel)
	}
	if r.Meter != nil {
		s.meter = r.Meter
	}
	if r.Trace != nil {
		s.trace = r.Trace
	}
	s.headers()
	return context.WithValue(ctx, stateKey{}, s)
}

// WithCredentials returns a context whose upstream calls send authorization
// as the Authorization header instead of the client's token. An empty value
// leaves ctx unchanged.
func WithCredentials(ctx context.Context, authorization string) context.Context {
	if authorization == "" {
		return ctx
	}
	return withState(ctx, func(s *callState) { s.credentials = authorization })
}

func credentialsFrom(ctx context.Context) string {
	if s := stateFrom(ctx); s != nil {
		return s.credentials
	}
	return ""
}

// WithLimit returns a context in which at most n upstream calls run at once:
// the per-GraphQL-request bound on concurrency.
func WithLimit(ctx context.Context, n int) context.Context {
	if n <= 0 {
		return ctx
	}
	return withState(ctx, func(s *callState) { s.limit = make(chan struct{}, n) })
}

// WithRequestID returns a context whose upstream calls carry id as
// X-Request-ID, so authentik's logs can be joined with flowgate's.
func WithRequestID(ctx context.Context, id string) context.Context {
	return withState(ctx, func(s *callState) { s.requestID = id })
}

// withoutCredentials returns a context whose upstream calls carry no
// Authorization header at all, not even the client's token.
func withoutCredentials(ctx context.Context) context.Context {
	return withState(ctx, func(s *callState) { s.noCredentials = true })
}

func requestIDFrom(ctx context.Context) string {
	if s := stateFrom(ctx); s != nil {
		return s.requestID
	}
	return ""
}

// limitFrom returns the per-request concurrency slots set by WithLimit, or nil.
func limitFrom(ctx context.Context) chan struct{} {
	if s := stateFrom(ctx); s != nil {
		return s.limit
	}
	return nil
}

// sendsCredentials reports whether ctx allows credentials (Ping's does not).
func sendsCredentials(ctx context.Context) bool {
	s := stateFrom(ctx)
	return s == nil || !s.noCredentials
}
