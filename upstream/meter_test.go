package upstream

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestMeter_RequestBudget(t *testing.T) {
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			answer503(w) // retried: two requests for the first call
			return
		}
		_, _ = fmt.Fprint(w, okFlow)
	})
	c := s.client(t, retrying(1))
	m := NewMeter(3, 0)
	var seen []string
	m.OnAttempt(func(a Attempt) { seen = append(seen, a.Status) })
	ctx := WithMeter(t.Context(), m)
	for i := 0; i < 2; i++ {
		if _, err := c.GetFlow(ctx, "a-b"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if err := m.Reserve(1); err == nil {
		t.Error("Reserve(1) with the budget spent: want an error")
	}
	_, err := c.GetFlow(ctx, "a-b")
	var be *BudgetError
	if !errors.As(err, &be) || !errors.Is(err, ErrBudgetExceeded) || *be != (BudgetError{Budget: "requests", Limit: 3, Actual: 4}) {
		t.Fatalf("third call: err = %v, want the request budget exceeded (4 of 3)", err)
	}
	if s.count() != 3 || m.Requests() != 3 || fmt.Sprint(seen) != "[503 200 200]" {
		t.Errorf("sent %d, metered %d, attempts %v; want 3, 3, [503 200 200]", s.count(), m.Requests(), seen)
	}
	if c.Breaker() != BreakerClosed {
		t.Errorf("breaker %v: a refused call is no evidence", c.Breaker())
	}
	// Another request's meter is its own.
	if _, err := c.GetFlow(WithMeter(t.Context(), NewMeter(3, 0)), "a-b"); err != nil {
		t.Errorf("fresh meter: %v", err)
	}
}

func TestMeter_ByteBudget(t *testing.T) {
	s := newStub(t, func(n int, w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprint(w, okFlow)
	})
	c := s.client(t, Options{})
	size := int64(len(okFlow))
	m := NewMeter(0, size+10)
	ctx := WithMeter(t.Context(), m)
	if _, err := c.GetFlow(ctx, "a-b"); err != nil {
		t.Fatalf("first call: %v", err)
	}
	_, err := c.GetFlow(ctx, "a-b")
	var be *BudgetError
	if !errors.As(err, &be) || be.Budget != "bytes" || be.Limit != size+10 || be.Actual != size+11 {
		t.Fatalf("second call: err = %v, want the byte budget exceeded after reading 11 bytes of it", err)
	}
	_, err = c.GetFlow(ctx, "a-b")
	if !errors.As(err, &be) || be.Budget != "bytes" {
		t.Fatalf("third call: err = %v, want the byte budget exceeded", err)
	}
	if s.count() != 2 || m.Requests() != 2 || m.Bytes() != size+11 {
		t.Errorf("sent %d, metered %d requests and %d bytes; want 2, 2, %d (the third is never sent)", s.count(), m.Requests(), m.Bytes(), size+11)
	}
}

func TestMeter_Nil(t *testing.T) {
	var m *Meter
	if m.Requests() != 0 || m.Bytes() != 0 || m.Reserve(1e9) != nil || m.take() != nil || m.read(1e9) != nil {
		t.Error("a nil meter counts nothing and allows everything")
	}
	if MeterFrom(context.Background()) != nil {
		t.Error("no meter in a bare context")
	}
	if _, ok := NewMeter(1, 1).Estimate(); ok {
		t.Error("a new meter has no estimate")
	}
}
