package main

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingWriter records what was written and in how many writes.
type countingWriter struct {
	mu     sync.Mutex
	text   strings.Builder
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.text.Write(p)
}

func (c *countingWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

func (c *countingWriter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.text.String()
}

// TestLogBuffer_FlushesOnTime: a buffered line is written within
// logFlushInterval (polled here for up to 2 s), lines reaching
// logFlushBytes are written by the Write that reaches it, and Close writes
// the rest, in order; writes after Close go out at once.
func TestLogBuffer_FlushesOnTime(t *testing.T) {
	var out countingWriter
	b := newLogBuffer(&out)
	_, _ = b.Write([]byte("one\n"))
	deadline := time.Now().Add(2 * time.Second)
	for out.String() != "one\n" {
		if time.Now().After(deadline) {
			t.Fatalf("the line was not flushed: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}

	// The size rule, with the timer out of the way (a paused test goroutine
	// must not see the timer flush first).
	b.mu.Lock()
	b.every = time.Hour
	b.mu.Unlock()
	line := strings.Repeat("x", 99) + "\n"
	for range logFlushBytes / len(line) {
		_, _ = b.Write([]byte(line))
	}
	writes := out.count()
	_, _ = b.Write([]byte(line)) // reaches logFlushBytes
	if out.count() == writes || !strings.HasSuffix(out.String(), line) {
		t.Fatalf("a full buffer was not written by the write that filled it (%d writes)", out.count())
	}

	_, _ = b.Write([]byte("two\n"))
	_, _ = b.Write([]byte("three\n"))
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), line+"two\nthree\n") {
		t.Fatalf("Close did not write the rest in order: %q", out.String()[max(0, out.text.Len()-40):])
	}
	_, _ = b.Write([]byte("four\n"))
	if !strings.HasSuffix(out.String(), "three\nfour\n") {
		t.Fatal("a write after Close was not written at once")
	}
}

// TestLogBuffer_WarnAtOnce: a WARN record, and a request line at WARN, are
// written at once with the lines before them; INFO lines wait.
func TestLogBuffer_WarnAtOnce(t *testing.T) {
	var out countingWriter
	b := newLogBuffer(&out)
	defer b.Close()
	h := newLogHandler(b, nil)
	logger := slog.New(h)
	logger.Info("first")
	logger.Warn("second")
	if s := out.String(); !strings.Contains(s, `"msg":"first"`) || !strings.Contains(s, `"msg":"second"`) ||
		strings.Index(s, "first") > strings.Index(s, "second") {
		t.Fatalf("WARN did not flush the lines in order: %q", s)
	}
	l := requestLine{time: time.Now(), level: slog.LevelWarn, method: "POST", path: "/graphql", graphql: true, codes: []string{"BAD_REQUEST"}}
	if err := h.writeRequestLine(&l); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"codes":["BAD_REQUEST"]`) {
		t.Fatalf("a WARN request line was not written at once: %q", out.String())
	}
	_ = h.Handle(context.Background(), slog.NewRecord(time.Now(), slog.LevelError, "third", 0))
	if !strings.Contains(out.String(), `"msg":"third"`) {
		t.Fatal("an ERROR record was not written at once")
	}
	slog.New(h).With("k", "v").WithGroup("g").Warn("fourth")
	if !strings.Contains(out.String(), `"msg":"fourth","k":"v"`) {
		t.Fatalf("a derived handler's WARN record was not written at once: %q", out.String())
	}
}
