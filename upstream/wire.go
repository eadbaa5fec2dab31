package upstream

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/go-json-experiment/json/jsontext"
)

// authentik's answers are decoded with jsontext (the Go team's json v2
// tokenizer), which scans each value once, and by hand-written decoders
// for the hot models (wire_models.go) that switch on the member name and
// read values without reflection. encoding/json scanned every value two or
// three times (Decoder.readValue, then unmarshal; checkValid where raw
// values were kept) and allocated a copy of every string.
//
// The decoders keep encoding/json's semantics wherever authentik's data
// could touch them (stream_oracle_test.go compares them with it):
//   - a member name matches a field exactly, else case-insensitively
//     (bytes.EqualFold, as encoding/json's folding); unknown members are
//     skipped; a later duplicate wins, decoded into what the earlier one
//     left (objects merge, slices are reused);
//   - null leaves a string, number or bool as it was and sets a pointer
//     or slice to nil;
//   - strings are unescaped as encoding/json does, invalid UTF-8 and lone
//     surrogates becoming U+FFFD; integers must be integers (3.0 is not);
//   - a value of the wrong kind is an error, reported once the enclosing
//     result is read (encoding/json saves such errors and goes on), so a
//     syntax error or a cut body in the same result is what is reported.

// wireOpts: encoding/json accepts invalid UTF-8 (and unpaired escaped
// surrogates) and duplicate names; so must the tokenizer.
var wireOpts = []jsontext.Options{jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)}

// wire is one decode: the tokenizer and scratch space. Taken from a pool.
type wire struct {
	d *jsontext.Decoder
	// buf is what d reads when it decodes bytes already in memory: a
	// bytes.Buffer is parsed in place (not copied, not overwritten).
	buf bytes.Buffer
	// scratch holds an unescaped string until the next read.
	scratch []byte
	// typeErr is the first value of the wrong kind in the current result.
	typeErr error
	// t is the request's table (may be nil): strings that repeat across
	// results are shared through it.
	t *Stages
	// pk holds a stage's pk while its other members are read.
	pk []byte
	// arena is the chunk strings are copied into (newString); slab the
	// strings *string fields point to (newStringPtr).
	arena []byte
	strs  slab[string]
	// Models the decoders allocate, carved from slabs too.
	flowSets slab[FlowSet]
	stages   slab[Stage]
	entries  slab[*FlowSet]
	// fs collects a flow_set's entries while it is read.
	fs []*FlowSet
	// sub decodes values already read whole (flow_set entries met first).
	sub  *wire
	pool *sync.Pool
}

// Two pools: a decoder that streams keeps the buffer it reads into (4 KiB,
// grown to the largest value it had to hold whole); a decoder of bytes in
// memory reads them in place and keeps no buffer of its own.
var streamPool, bytesPool sync.Pool

type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, io.EOF }

// getWire returns a wire reading r. A *bytes.Buffer is parsed in place.
func getWire(r io.Reader, t *Stages) *wire {
	pool := &streamPool
	if _, ok := r.(*bytes.Buffer); ok {
		pool = &bytesPool
	}
	w, _ := pool.Get().(*wire)
	switch {
	case w == nil:
		w = &wire{d: jsontext.NewDecoder(r, wireOpts...), pool: pool}
	case w.d == nil:
		w.d = jsontext.NewDecoder(r, wireOpts...)
	default:
		w.d.Reset(r, wireOpts...)
	}
	w.t, w.typeErr = t, nil
	return w
}

// getBytesWire returns a wire reading b in place.
func getBytesWire(b []byte, t *Stages) *wire {
	w, _ := bytesPool.Get().(*wire)
	if w == nil {
		w = &wire{pool: &bytesPool}
	}
	w.buf = *bytes.NewBuffer(b)
	if w.d == nil {
		w.d = jsontext.NewDecoder(&w.buf, wireOpts...)
	} else {
		w.d.Reset(&w.buf, wireOpts...)
	}
	w.t, w.typeErr = t, nil
	return w
}

// maxPooledRead is how much a streaming decoder may have read and still be
// pooled: one that read more may have grown its buffer to hold a long value
// (a string of megabytes in a page's autocomplete), which a pooled wire
// would keep for good.
const maxPooledRead = 64 << 10

// putWire returns w to its pool, holding nothing of the request it served:
// not its body, not its table, not a grown buffer.
func putWire(w *wire) {
	if w.pool == &streamPool && w.d.InputOffset() > maxPooledRead {
		w.d = nil // getWire makes a new one
	} else {
		w.d.Reset(emptyReader{}, wireOpts...) // drop the body
	}
	w.buf = bytes.Buffer{}
	w.t, w.typeErr = nil, nil
	if s := w.sub; s != nil {
		s.d.Reset(emptyReader{}, wireOpts...)
		s.buf = bytes.Buffer{}
		s.t, s.typeErr = nil, nil
	}
	if putHook != nil {
		putHook(w)
	}
	if cap(w.scratch) > 64<<10 {
		w.scratch = nil
	}
	if cap(w.pk) > 1<<10 {
		w.pk = nil
	}
	w.pool.Put(w)
}

// putHook, set by tests only, sees each wire as it goes back to its pool.
var putHook func(*wire)

// subWire returns w's wire for decoding b, a value w has read whole; b
// must stay unchanged until the sub wire is done (w not read meanwhile).
func (w *wire) subWire(b []byte) *wire {
	if w.sub == nil {
		w.sub = &wire{}
	}
	s := w.sub
	s.buf = *bytes.NewBuffer(b)
	if s.d == nil {
		s.d = jsontext.NewDecoder(&s.buf, wireOpts...)
	} else {
		s.d.Reset(&s.buf, wireOpts...)
	}
	s.t, s.typeErr = w.t, nil
	return s
}

// decodeWhole decodes b, a whole body, into v: one JSON value and nothing
// after it but whitespace (as json.Unmarshal).
func decodeWhole(b []byte, v wireDecoder) error {
	w := getBytesWire(b, nil)
	defer putWire(w)
	return w.whole(v)
}

// whole decodes w's input, one value, into v.
func (w *wire) whole(v wireDecoder) error {
	if err := v.decodeWire(w); err != nil {
		return err
	}
	if err := w.end("the value"); err != nil {
		return err
	}
	return w.takeTypeErr()
}

// wireDecoder is a model with a hand-written decoder. decodeWire decodes
// one value into the receiver as encoding/json would (null leaves it as
// it was); values of the wrong kind are saved in w.typeErr.
type wireDecoder interface {
	decodeWire(w *wire) error
}

// end checks that nothing but whitespace follows the top-level value.
func (w *wire) end(what string) error {
	if _, err := w.d.ReadToken(); err != io.EOF {
		if err == nil {
			return errors.New("data after " + what)
		}
		return err
	}
	return nil
}

// takeTypeErr returns and forgets the saved type error.
func (w *wire) takeTypeErr() error {
	err := w.typeErr
	w.typeErr = nil
	return err
}

// kind peeks at the next value's kind (0 on an error, which the next read
// returns).
func (w *wire) kind() jsontext.Kind { return w.d.PeekKind() }

// token reads a null, true, false or delimiter.
func (w *wire) token() error {
	_, err := w.d.ReadToken()
	return err
}

// mismatch skips a value of the wrong kind, saving the first such error.
func (w *wire) mismatch(want, field string) error {
	k := w.d.PeekKind()
	if err := w.d.SkipValue(); err != nil {
		return err
	}
	if w.typeErr == nil {
		w.typeErr = fmt.Errorf("%s: cannot decode a JSON %s into %s", field, kindName(k), want)
	}
	return nil
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "bool"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "value"
}

// openObject reads '{'. It reports false, having read the value, for null
// (left as it was) or a value of another kind (a type error).
func (w *wire) openObject(what string) (bool, error) {
	switch w.d.PeekKind() {
	case '{':
		return true, w.token()
	case 'n':
		return false, w.token()
	}
	return false, w.mismatch("an object", what)
}

// more reports whether the object or array has another member; at its end
// it reads the closing delimiter.
func (w *wire) more() (bool, error) {
	switch w.d.PeekKind() {
	case '}', ']':
		return false, w.token()
	case 0:
		return false, w.token() // the error
	}
	return true, nil
}

// name reads a member name, unescaped. It is valid until the next read:
// match it before reading the value.
func (w *wire) name() ([]byte, error) {
	v, err := w.d.ReadValue()
	if err != nil {
		return nil, err
	}
	return w.unquote(v), nil
}

// unquote returns the contents of the JSON string v as encoding/json
// decodes them: v's own bytes when they need no change, else scratch.
func (w *wire) unquote(v []byte) []byte {
	in := v[1 : len(v)-1]
	if plainASCII(in) || bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
		return in
	}
	w.scratch = unquoteV1(w.scratch[:0], in)
	return w.scratch
}

// plainASCII reports whether b is ASCII without a backslash, 8 bytes at
// a time (most of authentik's strings are short: a call to
// bytes.IndexByte and one to utf8.Valid cost more than the scan).
func plainASCII(b []byte) bool {
	const lo, hi, bs = 0x0101010101010101, 0x8080808080808080, 0x5c5c5c5c5c5c5c5c // bs: '\\' in every byte
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		y := x ^ bs // a zero byte where x has a backslash
		if (x|(y-lo)&^y)&hi != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unquoteV1 appends s (string contents the tokenizer has checked: escapes
// well formed, no control characters) unescaped as encoding/json does:
// invalid UTF-8 bytes and unpaired surrogates become U+FFFD.
func unquoteV1(b, s []byte) []byte {
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			if r+1 >= len(s) {
				return b
			}
			switch s[r+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r:])
				if rr < 0 {
					return b
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != utf8.RuneError {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[r+1])
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c = c - '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// strBytes reads a string value, unescaped, valid until the next read.
func (w *wire) strBytes() ([]byte, error) {
	v, err := w.d.ReadValue()
	if err != nil {
		return nil, err
	}
	return w.unquote(v), nil
}

// value reads the next value whole: a member's value is read in one call
// (no peek first); a value of the wrong kind is then already skipped.
func (w *wire) value() ([]byte, error) {
	v, err := w.d.ReadValue()
	if err == nil && len(v) == 0 {
		err = errors.New("empty value")
	}
	return v, err
}

// wrongKind saves a type error for the value v, already read.
func (w *wire) wrongKind(v []byte, want, field string) error {
	if w.typeErr == nil {
		w.typeErr = fmt.Errorf("%s: cannot decode a JSON %s into %s", field, kindName(jsontext.Value(v).Kind()), want)
	}
	return nil
}

// str decodes a string into *dst. Values that repeat (authentik's enum
// values) are shared, not copied.
func (w *wire) str(dst *string, what string) error {
	v, err := w.value()
	if err != nil {
		return err
	}
	switch v[0] {
	case '"':
		*dst = w.constString(w.unquote(v))
		return nil
	case 'n':
		return nil
	}
	return w.wrongKind(v, "a string", what)
}

// strShared decodes a string that repeats across results (a flow's or a
// stage's pk where it is a reference) through the request's table.
func (w *wire) strShared(dst *string, what string) error {
	if w.t == nil {
		return w.str(dst, what)
	}
	v, err := w.value()
	if err != nil {
		return err
	}
	switch v[0] {
	case '"':
	case 'n':
		return nil
	default:
		return w.wrongKind(v, "a string", what)
	}
	b := w.unquote(v)
	t := w.t
	t.mu.Lock()
	s, ok := t.strs[string(b)]
	if !ok {
		s = w.newString(b)
		t.strs[s] = s
	}
	t.mu.Unlock()
	*dst = s
	return nil
}

// strPtr decodes a nullable string: null sets nil; a string is written
// into the existing target, if any (as encoding/json).
func (w *wire) strPtr(dst **string, what string) error {
	v, err := w.value()
	if err != nil {
		return err
	}
	switch v[0] {
	case '"':
		if *dst == nil {
			*dst = w.newStringPtr()
		}
		**dst = w.constString(w.unquote(v))
		return nil
	case 'n':
		*dst = nil
		return nil
	}
	return w.wrongKind(v, "a string", what)
}

// skipStr reads a string or null without keeping it.
func (w *wire) skipStr(what string) error {
	v, err := w.value()
	if err != nil {
		return err
	}
	if v[0] != '"' && v[0] != 'n' {
		return w.wrongKind(v, "a string", what)
	}
	return nil
}

func (w *wire) boolean(dst *bool, what string) error {
	v, err := w.value()
	if err != nil {
		return err
	}
	switch v[0] {
	case 't':
		*dst = true
	case 'f':
		*dst = false
	case 'n':
	default:
		return w.wrongKind(v, "a bool", what)
	}
	return nil
}

// integer decodes an int as encoding/json: the literal must parse as a
// base-10 int64 (no fraction, no exponent).
func (w *wire) integer(dst *int, what string) error {
	v, err := w.value()
	if err != nil {
		return err
	}
	switch c := v[0]; {
	case c == 'n':
		return nil
	case c != '-' && (c < '0' || c > '9'):
		return w.wrongKind(v, "an int", what)
	}
	n, ok := parseInt(v)
	if !ok {
		if w.typeErr == nil {
			w.typeErr = fmt.Errorf("%s: cannot decode number %s into an int", what, truncate(string(v), 32))
		}
		return nil
	}
	*dst = n
	return nil
}

func parseInt(v []byte) (int, bool) {
	if len(v) > 0 && len(v) < 19 {
		neg := v[0] == '-'
		d := v
		if neg {
			d = v[1:]
		}
		n := 0
		ok := len(d) > 0
		for _, c := range d {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int(c-'0')
		}
		if ok {
			if neg {
				n = -n
			}
			return n, true
		}
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return int(n), err == nil
}

// strSlice decodes a []string (see decodeSlice).
func (w *wire) strSlice(dst *[]string, what string) error {
	return decodeSlice(w, dst, what, func(w *wire, s *string) error { return w.str(s, what) })
}

// decodeSlice decodes an array into *dst as encoding/json does: null sets
// nil; [] an empty slice; elements decode into the slice's existing ones
// (a later duplicate member reuses them; a null element leaves one as it
// was).
func decodeSlice[E any](w *wire, dst *[]E, what string, elem func(*wire, *E) error) error {
	switch w.d.PeekKind() {
	case '[':
	case 'n':
		*dst = nil
		return w.token()
	default:
		return w.mismatch("an array", what)
	}
	if err := w.token(); err != nil {
		return err
	}
	s := *dst
	i := 0
	for {
		more, err := w.more()
		if err != nil {
			return err
		}
		if !more {
			break
		}
		// A larger first capacity than encoding/json's growth gives
		// changes no value: an array is only reallocated when every
		// element is within its length (so none is lost), and elements
		// past the length are those last written there, or zero, either way.
		switch {
		case cap(s) == 0:
			s = make([]E, 1, 8)
		case i >= cap(s):
			var zero E
			s = append(s[:i], zero)
		case i >= len(s):
			s = s[:i+1]
		}
		if err := elem(w, &s[i]); err != nil {
			return err
		}
		i++
	}
	if i < len(s) {
		s = s[:i]
	}
	if i == 0 {
		s = []E{}
	}
	*dst = s
	return nil
}

// skip skips a member's value: read whole (one fast scan, not token by
// token; the values skipped are single results' parts, a few KiB).
func (w *wire) skip() error {
	_, err := w.d.ReadValue()
	return err
}

// foldMatch returns the index in names of the name equal to key under
// encoding/json's case folding, or -1.
func foldMatch(key []byte, names []string) int {
	for i, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return i
		}
	}
	return -1
}

// newString returns a copy of b. Copies are carved from chunks of
// arenaChunk bytes (one allocation for many strings, not one each): a
// chunk is only appended to, never rewritten, and lives as long as any
// string carved from it. The strings of a page live and die together
// (the page's models, the request's table), so a chunk pins little that
// is not kept anyway.
func (w *wire) newString(b []byte) string {
	n := len(b)
	switch {
	case n == 0:
		return ""
	case n > arenaChunk/8:
		return string(b)
	case cap(w.arena)-len(w.arena) < n:
		w.arena = make([]byte, 0, arenaChunk)
	}
	start := len(w.arena)
	w.arena = append(w.arena, b...)
	return unsafe.String(&w.arena[start], n)
}

const arenaChunk = 4 << 10

// newStringPtr returns a new *string, carved from a slab (as newString).
func (w *wire) newStringPtr() *string { return w.strs.new() }

// slab hands out zero values carved from chunks of n (as newString: a
// chunk lives as long as any of its values).
type slab[T any] struct{ s []T }

func (p *slab[T]) new() *T {
	if len(p.s) == cap(p.s) {
		p.s = make([]T, 0, max(1, 4096/max(1, int(unsafe.Sizeof(*new(T))))))
	}
	p.s = p.s[:len(p.s)+1]
	return &p.s[len(p.s)-1]
}

// slice returns a copy of v carved from the chunk: its capacity is its
// length, so an append reallocates instead of writing into the chunk.
func (p *slab[T]) slice(v []T) []T {
	if len(v) == 0 {
		return []T{}
	}
	if cap(p.s)-len(p.s) < len(v) {
		if len(v) > 64 {
			return append([]T(nil), v...)
		}
		p.s = make([]T, 0, 256)
	}
	start := len(p.s)
	p.s = append(p.s, v...)
	return p.s[start:len(p.s):len(p.s)]
}

// constString returns b as a string, sharing the one copy of the values
// authentik repeats on every object (enum values): a switch, no hashing.
// Other values are copied (newString).
func (w *wire) constString(b []byte) string {
	if len(b) > 23 || len(b) < 3 {
		return w.newString(b)
	}
	switch string(b) {
	case "authentication":
		return "authentication"
	case "authorization":
		return "authorization"
	case "invalidation":
		return "invalidation"
	case "enrollment":
		return "enrollment"
	case "unenrollment":
		return "unenrollment"
	case "recovery":
		return "recovery"
	case "stage_configuration":
		return "stage_configuration"
	case "all":
		return "all"
	case "any":
		return "any"
	case "retry":
		return "retry"
	case "restart":
		return "restart"
	case "restart_with_context":
		return "restart_with_context"
	case "stacked":
		return "stacked"
	case "content_left":
		return "content_left"
	case "content_right":
		return "content_right"
	case "sidebar_left":
		return "sidebar_left"
	case "sidebar_right":
		return "sidebar_right"
	case "message_continue":
		return "message_continue"
	case "message":
		return "message"
	case "continue":
		return "continue"
	case "none":
		return "none"
	case "require_authenticated":
		return "require_authenticated"
	case "require_unauthenticated":
		return "require_unauthenticated"
	case "require_superuser":
		return "require_superuser"
	case "require_redirect":
		return "require_redirect"
	case "require_outpost":
		return "require_outpost"
	}
	return w.newString(b)
}
