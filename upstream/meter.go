package upstream

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// ErrBudgetExceeded matches a call refused, without any request, because
// the GraphQL request that made it has spent its upstream budget (see
// Meter). The error is a *BudgetError.
var ErrBudgetExceeded = errors.New("upstream: budget exceeded")

// BudgetError says which budget a call found spent.
type BudgetError struct {
	// Budget is "requests" (MAX_UPSTREAM_REQUESTS) or "bytes"
	// (MAX_UPSTREAM_BYTES).
	Budget string
	// Limit is the budget; Actual what the GraphQL request would have
	// reached with this call (requests), or had read (bytes).
	Limit, Actual int64
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("upstream: budget exceeded: %s %d of %d", e.Budget, e.Actual, e.Limit)
}

// Is makes a *BudgetError match ErrBudgetExceeded.
func (e *BudgetError) Is(target error) bool { return target == ErrBudgetExceeded }

// Meter counts what one GraphQL request costs authentik: the requests sent
// (every attempt, retries included; nothing for a call refused before it is
// sent) and the bytes of their answers, and holds the request's budget of
// both. Once a budget is spent, every further call fails at once with a
// *BudgetError and sends nothing. Its methods are safe for concurrent use
// and for a nil *Meter (which counts nothing and allows everything).
type Meter struct {
	maxRequests, maxBytes int64

	requests, bytes atomic.Int64
	estimate        atomic.Int64 // -1: not estimated

	mu        sync.Mutex
	onAttempt []func(Attempt)
}

// NewMeter returns a meter with these budgets; 0 means no budget.
func NewMeter(maxRequests, maxBytes int64) *Meter {
	m := &Meter{maxRequests: max(maxRequests, 0), maxBytes: max(maxBytes, 0)}
	m.estimate.Store(-1)
	return m
}

// WithMeter returns a context whose upstream calls m counts and bounds.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return withState(ctx, func(s *callState) { s.meter = m })
}

// MeterFrom returns the context's meter, or nil.
func MeterFrom(ctx context.Context) *Meter {
	if s := stateFrom(ctx); s != nil {
		return s.meter
	}
	return nil
}

// Requests returns the upstream requests sent so far.
func (m *Meter) Requests() int64 {
	if m == nil {
		return 0
	}
	return m.requests.Load()
}

// Bytes returns the bytes of upstream answers read so far.
func (m *Meter) Bytes() int64 {
	if m == nil {
		return 0
	}
	return m.bytes.Load()
}

// SetEstimate records the requests the GraphQL request was estimated to
// cost before it ran.
func (m *Meter) SetEstimate(n int64) {
	if m != nil {
		m.estimate.Store(max(n, 0))
	}
}

// Estimate returns the recorded estimate; false when none was made (the
// request was refused before it could be estimated).
func (m *Meter) Estimate() (int64, bool) {
	if m == nil {
		return 0, false
	}
	n := m.estimate.Load()
	return n, n >= 0
}

// Limits returns the budgets (0: none).
func (m *Meter) Limits() (requests, bytes int64) {
	if m == nil {
		return 0, 0
	}
	return m.maxRequests, m.maxBytes
}

// Reserve reports whether n more requests fit the request budget, without
// spending them: a planner that knows a batch will take n requests can fail
// it whole, before its first request, rather than spend the rest of the
// budget on a part of it.
func (m *Meter) Reserve(n int64) error {
	if m == nil || m.maxRequests == 0 {
		return nil
	}
	if sent := m.requests.Load(); sent+n > m.maxRequests {
		return &BudgetError{Budget: "requests", Limit: m.maxRequests, Actual: sent + n}
	}
	return m.bytesLeft()
}

// OnAttempt registers f to be told about every request this meter counts
// (for a per-request trace). f must be quick and safe for concurrent use.
func (m *Meter) OnAttempt(f func(Attempt)) {
	if m == nil || f == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.onAttempt = append(m.onAttempt, f)
}

// take spends one request of the budget, or fails when it is spent.
func (m *Meter) take() error {
	if m == nil {
		return nil
	}
	if err := m.bytesLeft(); err != nil {
		return err
	}
	for {
		n := m.requests.Load()
		if m.maxRequests > 0 && n >= m.maxRequests {
			return &BudgetError{Budget: "requests", Limit: m.maxRequests, Actual: n + 1}
		}
		if m.requests.CompareAndSwap(n, n+1) {
			return nil
		}
	}
}

func (m *Meter) bytesLeft() error {
	if b := m.bytes.Load(); m.maxBytes > 0 && b >= m.maxBytes {
		return &BudgetError{Budget: "bytes", Limit: m.maxBytes, Actual: b}
	}
	return nil
}

// readLimit returns how many bytes of an answer to read at most, given the
// reader's own limit: no more than one past what the byte budget has left,
// so that an answer over the budget is detected without being read whole.
func (m *Meter) readLimit(limit int64) int64 {
	if m == nil || m.maxBytes == 0 {
		return limit
	}
	return min(limit, max(m.maxBytes-m.bytes.Load(), 0)+1)
}

// read counts n bytes read and reports a *BudgetError when they pass the
// byte budget.
func (m *Meter) read(n int64) error {
	if m == nil {
		return nil
	}
	b := m.bytes.Add(n)
	if m.maxBytes > 0 && b > m.maxBytes {
		return &BudgetError{Budget: "bytes", Limit: m.maxBytes, Actual: b}
	}
	return nil
}

func (m *Meter) attempted(a Attempt) {
	if m == nil {
		return
	}
	m.mu.Lock()
	fs := m.onAttempt
	m.mu.Unlock()
	for _, f := range fs {
		f(a)
	}
}
