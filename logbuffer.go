package main

import (
	"io"
	"sync"
	"time"
)

// When stderr is a file or a pipe (run, in production), the log lines are
// buffered: each write(2) costs the request that makes it (a pipe's reader
// is woken each time: at one client it was about 5% of flowgate's CPU), so
// lines are written together, at most logFlushInterval after the first of
// them, as soon as logFlushBytes gather, at once for WARN and ERROR lines
// (logHandler flushes after them) and at exit (run closes it). A line may
// thus appear up to logFlushInterval late; a crash loses at most that much.
const (
	logFlushInterval = 10 * time.Millisecond
	logFlushBytes    = 4 << 10
)

// logBuffer is the buffered writer of the logs.
type logBuffer struct {
	mu     sync.Mutex
	w      io.Writer
	every  time.Duration // logFlushInterval; tests lengthen it
	buf    []byte
	timer  *time.Timer // flushes buf; armed while buf holds lines
	armed  bool
	closed bool
}

func newLogBuffer(w io.Writer) *logBuffer {
	b := &logBuffer{w: w, every: logFlushInterval, buf: make([]byte, 0, 2*logFlushBytes)}
	b.timer = time.AfterFunc(time.Hour, b.Flush)
	b.timer.Stop()
	return b
}

// Write adds p (whole lines) to the buffer, writing it when it is full.
// After Close it writes at once.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	if len(b.buf) >= logFlushBytes {
		return len(p), b.flushLocked()
	}
	if !b.armed {
		b.armed = true
		b.timer.Reset(b.every)
	}
	return len(p), nil
}

// Flush writes what the buffer holds.
func (b *logBuffer) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.flushLocked()
}

func (b *logBuffer) flushLocked() error {
	if b.armed {
		b.armed = false
		b.timer.Stop()
	}
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	if cap(b.buf) > 4*logFlushBytes {
		b.buf = make([]byte, 0, 2*logFlushBytes) // a huge line is not kept
	} else {
		b.buf = b.buf[:0]
	}
	return err
}

// Close writes what the buffer holds; later writes go out at once.
func (b *logBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return b.flushLocked()
}
