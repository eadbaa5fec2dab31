package graph

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"flowgate/graph/model"
)

// Connections: Relay paging over authentik's numbered pages. A cursor is
// an item's offset in the listing, opaque to clients.

// pageInfo builds Relay paging information for items [offset, offset+n) of
// a listing of count items.
func pageInfo(offset, n, count int) *model.PageInfo {
	pi := &model.PageInfo{
		HasNextPage:     offset+n < count,
		HasPreviousPage: offset > 0,
	}
	if n > 0 {
		s, e := encodeCursor(offset), encodeCursor(offset+n-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// page converts one window of a listing into a connection's parts: nodes,
// edges with offset cursors, and paging information. prime stores each
// upstream object in the request's loaders first.
func page[T, N, E any](items []T, offset, count int, prime func(*T), node func(*T) N, edge func(cursor string, n N) *E) ([]*E, []N, *model.PageInfo) {
	edges := make([]*E, len(items))
	nodes := make([]N, len(items))
	for i := range items {
		prime(&items[i])
		nodes[i] = node(&items[i])
		edges[i] = edge(encodeCursor(offset+i), nodes[i])
	}
	return edges, nodes, pageInfo(offset, len(items), count)
}

// ordering builds authentik's ordering parameter, with a unique tie-breaker
// so that offsets are stable across pages.
func ordering(field string, dir model.OrderDirection, tieBreaker string) string {
	prefix := ""
	if dir == model.OrderDirectionDesc {
		prefix = "-"
	}
	if field == tieBreaker {
		return prefix + field
	}
	return prefix + field + "," + tieBreaker
}

// Paging limits of every connection; the query guards' complexity
// estimate reads them too.
const (
	// DefaultFirst is the page size of a connection without first.
	DefaultFirst = 20
	// MaxFirst is the largest first a connection accepts.
	MaxFirst = 100
	// maxOffset bounds the offsets a cursor may carry.
	maxOffset = 1_000_000
)

// window turns first/after into an offset and a limit.
func window(first *int, after *string) (offset, limit int, err error) {
	limit = DefaultFirst
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > MaxFirst {
		return 0, 0, badInput("first", "first must be between 0 and %d", MaxFirst)
	}
	if after != nil && *after != "" {
		n, err := decodeCursor(*after)
		if err != nil {
			return 0, 0, badInput("after", "after is not a cursor returned by this API")
		}
		offset = n + 1
	}
	return offset, limit, nil
}

// Cursors are opaque to clients; inside, they are the item's offset in the
// listing. authentik pages by number, so an offset is what maps onto it.
const cursorPrefix = "o:"

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// decodeCursor reads a cursor from encodeCursor, refusing anything else.
func decodeCursor(s string) (int, error) {
	if len(s) > 32 {
		return 0, fmt.Errorf("cursor too long")
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, err
	}
	rest, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, fmt.Errorf("bad cursor prefix")
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n >= maxOffset || strconv.Itoa(n) != rest {
		return 0, fmt.Errorf("bad cursor offset")
	}
	// One spelling per cursor: the decoder ignores CR and LF and accepts
	// stray bits in the last character.
	if encodeCursor(n) != s {
		return 0, fmt.Errorf("non-canonical cursor")
	}
	return n, nil
}
