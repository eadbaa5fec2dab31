package upstream

import (
	"context"
	"errors"
)

type scopeKey struct{}

// WithCancelScope returns ctx whose upstream calls end when scope ends: at
// scope's deadline (failing with ErrTimeout, as a deadline on ctx would) or
// when scope is cancelled. ctx itself keeps running. The incremental
// delivery of @defer runs the GraphQL execution on such a context: gqlgen
// drops a deferred payload whose context is done, so the execution must
// outlive the request's deadline while its upstream calls must not.
func WithCancelScope(ctx, scope context.Context) context.Context {
	return context.WithValue(ctx, scopeKey{}, scope)
}

// scoped applies ctx's cancel scope, if any, to one upstream call.
func scoped(ctx context.Context) (context.Context, context.CancelFunc) {
	scope, ok := ctx.Value(scopeKey{}).(context.Context)
	if !ok {
		return ctx, func() {}
	}
	var cancelDeadline context.CancelFunc = func() {}
	if dl, ok := scope.Deadline(); ok {
		ctx, cancelDeadline = context.WithDeadline(ctx, dl)
	}
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(scope, func() {
		if !errors.Is(scope.Err(), context.DeadlineExceeded) {
			cancel() // a deadline is ctx's own, so that errors say "timeout"
		}
	})
	return ctx, func() {
		stop()
		cancel()
		cancelDeadline()
	}
}
