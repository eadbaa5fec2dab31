package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// A listing page of bindings is ~3 MB of JSON on a large install (each
// binding embeds its stage and the stage's flow_set). Reading such a page
// whole and then decoding it holds the body, the decoder's copy of every
// string and the decoded page at once, for every page in flight. Pages are
// decoded from the response body as it arrives instead, one result at a
// time: what a page in flight holds is one result's JSON and the results
// decoded so far.

// streamer is an answer decoded from the response body as it is read.
// readFrom may be called again after a failed attempt (a retry): it must
// start afresh.
type streamer interface {
	readFrom(r io.Reader) error
}

// pageReader decodes one listing page, result by result. elem decodes one
// result into a zero T (nil: T's own decodeWire, else encoding/json on the
// result's bytes). t is the request's table (may be nil): strings and
// stages that repeat are shared through it.
type pageReader[T any] struct {
	elem func(w *wire, v *T) error
	t    *Stages
	page *Page[T]
	// reset, when set, runs before each read (an attempt); commit, when
	// set, runs once the page read passes its checks (validate).
	reset, commit func()
}

func (p *pageReader[T]) readFrom(r io.Reader) error {
	p.page = nil
	if p.reset != nil {
		p.reset()
	}
	pg, err := readPage(r, p.t, p.elem)
	if err != nil {
		return err
	}
	p.page = pg
	return nil
}

func (p *pageReader[T]) validate() error {
	if p.page == nil {
		return errors.New("no page")
	}
	if err := p.page.validate(); err != nil {
		return err
	}
	if p.commit != nil {
		p.commit()
	}
	return nil
}

// decodeInto decodes a whole body into out: through its streamer when it
// has one, else its hand-written decoder, else json.Unmarshal.
func decodeInto(b []byte, out any) error {
	if s, ok := out.(streamer); ok {
		return s.readFrom(bytes.NewBuffer(b)) // parsed in place
	}
	if d, ok := out.(wireDecoder); ok {
		return decodeWhole(b, d)
	}
	return json.Unmarshal(b, out)
}

// readPage reads {"pagination": {...}, "results": [...]} from r. Other keys
// (2026.x's autocomplete) are skipped. Keys match as encoding/json matches
// them (exactly, else case-insensitively); a later duplicate wins.
func readPage[T any](r io.Reader, t *Stages, elem func(*wire, *T) error) (*Page[T], error) {
	w := getWire(r, t)
	defer putWire(w)
	if elem == nil {
		elem = defaultElem[T]()
	}
	if err := w.delim('{', "a page"); err != nil {
		return nil, err
	}
	p := &Page[T]{}
	for {
		more, err := w.more()
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		k, err := w.name()
		if err != nil {
			return nil, err
		}
		switch {
		case bytes.EqualFold(k, []byte("pagination")):
			p.Pagination = nil
			if err := decodePtr(w, &p.Pagination, "pagination"); err != nil {
				return nil, fmt.Errorf("pagination: %w", err)
			}
			if err := w.takeTypeErr(); err != nil {
				return nil, fmt.Errorf("pagination: %w", err)
			}
		case bytes.EqualFold(k, []byte("results")):
			if p.Results, err = readResults(w, p.Pagination, elem); err != nil {
				return nil, err
			}
		default:
			if err := w.skip(); err != nil {
				return nil, err
			}
		}
	}
	if err := w.end("the page"); err != nil {
		return nil, err
	}
	return p, nil
}

// defaultElem decodes a result with T's own decoder, else with
// encoding/json.
func defaultElem[T any]() func(*wire, *T) error {
	if _, ok := any(new(T)).(wireDecoder); ok {
		return func(w *wire, v *T) error { return any(v).(wireDecoder).decodeWire(w) }
	}
	return func(w *wire, v *T) error {
		raw, err := w.d.ReadValue()
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, v)
	}
}

// readResults reads the results array (nil for JSON null).
func readResults[T any](w *wire, pg *Pagination, elem func(*wire, *T) error) ([]T, error) {
	switch k := w.kind(); k {
	case 'n':
		return nil, w.token()
	case '[':
		if err := w.token(); err != nil {
			return nil, err
		}
	case 0:
		return nil, w.token()
	default:
		return nil, fmt.Errorf("results is a JSON %s, not an array", kindName(k))
	}
	// The page says how many results it holds: room for them at once
	// (bounded: it is only a hint).
	n := 0
	if pg != nil && pg.EndIndex >= pg.StartIndex {
		n = min(int(pg.EndIndex-pg.StartIndex)+1, 2*DefaultPageSize)
	}
	out := make([]T, 0, n)
	for i := 0; ; i++ {
		more, err := w.more()
		if err != nil {
			return nil, err
		}
		if !more {
			return out, nil
		}
		out = append(out, *new(T))
		if err := elem(w, &out[i]); err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
		if err := w.takeTypeErr(); err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
	}
}

// delim reads the delimiter want.
func (w *wire) delim(want jsontext.Kind, what string) error {
	k := w.kind()
	if err := w.token(); err != nil {
		return err
	}
	if k != want {
		return fmt.Errorf("expected %s, got a JSON %s", what, kindName(k))
	}
	return nil
}

// countingReader counts the bytes read and keeps the first read error
// other than io.EOF: a body cut short by the transport is told apart from
// a body that is not what it should be.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}
