package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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

// pageReader decodes one listing page, result by result: each result is
// decoded into a W and converted to a T by conv before the next is read
// (conv must not keep W: its raw parts alias the decoder's buffer). A nil
// conv decodes results straight into T (W unused).
type pageReader[W, T any] struct {
	conv func(*W) (T, error)
	page *Page[T]
	// reset, when set, runs before each read (an attempt); commit, when
	// set, runs once the page read passes its checks (validate).
	reset, commit func()
}

func (p *pageReader[W, T]) readFrom(r io.Reader) error {
	p.page = nil
	if p.reset != nil {
		p.reset()
	}
	pg, err := readPage(r, p.conv)
	if err != nil {
		return err
	}
	p.page = pg
	return nil
}

func (p *pageReader[W, T]) validate() error {
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
// has one, else with json.Unmarshal.
func decodeInto(b []byte, out any) error {
	if s, ok := out.(streamer); ok {
		return s.readFrom(bytes.NewReader(b))
	}
	return json.Unmarshal(b, out)
}

// readPage reads {"pagination": {...}, "results": [...]} from r. Other keys
// (2026.x's autocomplete) are skipped. Keys match as encoding/json matches
// them (exactly, else case-insensitively); a later duplicate wins.
func readPage[W, T any](r io.Reader, conv func(*W) (T, error)) (*Page[T], error) {
	dec := json.NewDecoder(r)
	if err := delim(dec, '{', "a page"); err != nil {
		return nil, err
	}
	p := &Page[T]{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		switch {
		case strings.EqualFold(key, "pagination"):
			p.Pagination = nil
			if err := dec.Decode(&p.Pagination); err != nil {
				return nil, fmt.Errorf("pagination: %w", err)
			}
		case strings.EqualFold(key, "results"):
			if p.Results, err = readResults(dec, conv); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if err := delim(dec, '}', "the end of the page"); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the page")
	}
	return p, nil
}

// readResults reads the results array (nil for JSON null).
func readResults[W, T any](dec *json.Decoder, conv func(*W) (T, error)) ([]T, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("results is %v, not an array", tok)
	}
	out := []T{}
	for i := 0; dec.More(); i++ {
		if conv == nil {
			out = append(out, *new(T))
			if err := dec.Decode(&out[i]); err != nil {
				return nil, fmt.Errorf("results[%d]: %w", i, err)
			}
			continue
		}
		var w W
		if err := dec.Decode(&w); err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
		v, err := conv(&w)
		if err != nil {
			return nil, fmt.Errorf("results[%d]: %w", i, err)
		}
		out = append(out, v)
	}
	if err := delim(dec, ']', "the end of results"); err != nil {
		return nil, err
	}
	return out, nil
}

func delim(dec *json.Decoder, want json.Delim, what string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("expected %s, got %v", what, tok)
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
