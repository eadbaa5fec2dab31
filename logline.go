package main

import (
	"context"
	"io"
	"log/slog"
	"math"
	"strconv"
	"sync"
	"time"
)

// logHandler is the handler of flowgate's logs: slog's JSON handler, which
// also writes the request line of every request (edge.logRequest) itself,
// appending the bytes slog's JSON handler would write without building a
// slog.Record, reflection (slog encodes floats and slices with
// encoding/json) or a sync.Pool round trip. Both write through one lock, one
// line per Write. The request line's fields must be plain (plainLog): else
// it goes through slog as any record does.
type logHandler struct {
	slog.Handler // slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level})
	out          *lockedWriter
	buffer       *logBuffer // out's writer when it buffers (logbuffer.go)
	derived      bool       // made by WithAttrs or WithGroup: writes no request line itself
}

// newLogHandler returns the JSON log handler writing to w records at level
// or above (nil: slog.LevelInfo).
func newLogHandler(w io.Writer, level slog.Leveler) *logHandler {
	lw := &lockedWriter{w: w}
	h := &logHandler{Handler: slog.NewJSONHandler(lw, &slog.HandlerOptions{Level: level}), out: lw}
	h.buffer, _ = w.(*logBuffer)
	return h
}

// WithAttrs and WithGroup keep writing WARN and ERROR records at once.
func (h *logHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return &logHandler{Handler: h.Handler.WithAttrs(a), out: h.out, buffer: h.buffer, derived: true}
}

func (h *logHandler) WithGroup(name string) slog.Handler {
	return &logHandler{Handler: h.Handler.WithGroup(name), out: h.out, buffer: h.buffer, derived: true}
}

// Handle writes r; a WARN or ERROR record (and the lines before it) is
// written out at once when the output is buffered.
func (h *logHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn && h.buffer != nil {
		h.buffer.Flush()
	}
	return err
}

// lockedWriter serializes the writes of slog's handler and of
// writeRequestLine.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// requestLine is the content of a request's log line (edge.logRequest).
type requestLine struct {
	time             time.Time
	level            slog.Level
	method, path     string
	status, bytes    int
	durationMs       float64
	graphql          bool // the GraphQL members follow
	operation        string
	operationType    string
	codes            []string
	upstreamRequests int64
	requestID        string // contextHandler's members, when not empty
	traceID          string
}

// plain reports whether l's text needs no escaping in JSON (printable
// ASCII without quotes or backslashes; codes of [A-Z0-9_]) and its time is
// one slog writes without an error: what writeRequestLine writes.
func (l *requestLine) plain() bool {
	if y := l.time.Year(); y < 0 || y >= 10000 {
		return false
	}
	if math.IsInf(l.durationMs, 0) || math.IsNaN(l.durationMs) {
		return false
	}
	for _, s := range [...]string{l.method, l.path, l.operation, l.operationType, l.requestID, l.traceID} {
		if !plainLog(s) {
			return false
		}
	}
	for _, c := range l.codes {
		if !codeChars.all(c) {
			return false
		}
	}
	return true
}

// codeChars are the characters of an error code.
var codeChars = charClass("A-Z", "0-9", "_")

// plainLog reports whether JSON writes s as it is.
func plainLog(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// writeRequestLine writes l (which must be plain) as slog's JSON handler,
// under contextHandler, writes the record edge.logRequest otherwise makes.
func (h *logHandler) writeRequestLine(l *requestLine) error {
	var arr [512]byte
	b := append(arr[:0], `{"time":"`...)
	b = l.time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"`...)
	b = append(b, l.level.String()...)
	b = append(b, `","msg":"request","method":"`...)
	b = append(b, l.method...)
	b = append(b, `","path":"`...)
	b = append(b, l.path...)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(l.status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(l.bytes), 10)
	b = append(b, `,"duration_ms":`...)
	b = appendJSONFloat(b, l.durationMs)
	if l.graphql {
		b = append(b, `,"operation":"`...)
		b = append(b, l.operation...)
		b = append(b, `","operation_type":"`...)
		b = append(b, l.operationType...)
		b = append(b, `","codes":[`...)
		for i, c := range l.codes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, c...)
			b = append(b, '"')
		}
		b = append(b, `],"upstream_requests":`...)
		b = strconv.AppendInt(b, l.upstreamRequests, 10)
	}
	if l.requestID != "" {
		b = append(b, `,"request_id":"`...)
		b = append(b, l.requestID...)
		b = append(b, '"')
	}
	if l.traceID != "" {
		b = append(b, `,"trace_id":"`...)
		b = append(b, l.traceID...)
		b = append(b, '"')
	}
	b = append(b, "}\n"...)
	_, err := h.out.Write(b)
	if l.level >= slog.LevelWarn && h.buffer != nil {
		h.buffer.Flush()
	}
	return err
}

// appendJSONFloat appends f as encoding/json writes a float64 (which is
// what slog's JSON handler calls for one).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
