package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"sync"
)

// Number is an integer that authentik's schema declares as a JSON number
// (Pagination fields are `type: number`); it accepts 3 and 3.0 alike.
type Number int

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	if f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
		return fmt.Errorf("pagination value %v is not a small non-negative integer", f)
	}
	*n = Number(f)
	return nil
}

// Pagination is authentik's pagination block. Next and Previous are page
// numbers, 0 when there is none.
type Pagination struct {
	Next       Number `json:"next"`
	Previous   Number `json:"previous"`
	Count      Number `json:"count"`
	Current    Number `json:"current"`
	TotalPages Number `json:"total_pages"`
	StartIndex Number `json:"start_index"`
	EndIndex   Number `json:"end_index"`
}

// Page is one page of a list endpoint. authentik 2026.x adds an
// `autocomplete` key, 2025.2 does not; neither matters here.
type Page[T any] struct {
	Pagination *Pagination `json:"pagination"`
	Results    []T         `json:"results"`
}

func (p *Page[T]) validate() error {
	if p.Pagination == nil {
		return errors.New("no pagination block")
	}
	if p.Results == nil {
		return errors.New("no results array")
	}
	for i := range p.Results {
		if v, ok := any(&p.Results[i]).(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return fmt.Errorf("results[%d]: %w", i, err)
			}
		}
	}
	if int(p.Pagination.Count) < len(p.Results) {
		return fmt.Errorf("count %d is less than the %d results on the page", p.Pagination.Count, len(p.Results))
	}
	return nil
}

// ListOptions are the paging, ordering and search parameters every list
// endpoint takes.
type ListOptions struct {
	Page     int    // 1-based; 0 means 1
	PageSize int    // 0 means the client's page size
	Ordering string // comma-separated field names, "-" for descending
	Search   string
}

func (o ListOptions) values(c *Client) url.Values {
	v := url.Values{}
	page := o.Page
	if page <= 0 {
		page = 1
	}
	v.Set("page", strconv.Itoa(page))
	ps := o.PageSize
	if ps <= 0 {
		ps = c.PageSize()
	}
	v.Set("page_size", strconv.Itoa(ps))
	if o.Ordering != "" {
		v.Set("ordering", o.Ordering)
	}
	if o.Search != "" {
		v.Set("search", o.Search)
	}
	return v
}

// PageFunc fetches one page of a fixed listing (same filters and ordering
// on every call).
type PageFunc[T any] func(ctx context.Context, page, pageSize int) (*Page[T], error)

// MaxPages bounds how many pages a walk follows: 1,000 pages of 100 is
// 100,000 objects, far more than any install has; more means the upstream
// is answering nonsense.
const MaxPages = 1000

// pageConcurrency bounds the pages of one walk fetched at once.
const pageConcurrency = 4

// observe records the page size authentik actually served. authentik caps
// page_size silently at the tenant's maximum, so a page shorter than asked
// for that still has a next page reveals the cap.
func (c *Client) observe(asked, got int, next Number) int {
	if next != 0 && got > 0 && got < asked {
		c.pageSize.Store(int64(got))
		return got
	}
	return asked
}

// All fetches every item of a listing: page 1, then the remaining pages
// concurrently (bounded). It returns the items in order.
func All[T any](ctx context.Context, c *Client, f PageFunc[T]) ([]T, error) {
	first, size, err := FirstPage(ctx, c, f)
	if err != nil {
		return nil, err
	}
	return Rest(ctx, f, first, size)
}

// FirstPage fetches page 1 of a listing at the client's page size and
// reports the page size authentik actually used.
func FirstPage[T any](ctx context.Context, c *Client, f PageFunc[T]) (*Page[T], int, error) {
	asked := c.PageSize()
	p, err := f(ctx, 1, asked)
	if err != nil {
		return nil, 0, err
	}
	size := c.observe(asked, len(p.Results), p.Pagination.Next)
	if p.Pagination.Next != 0 && int(p.Pagination.TotalPages) > MaxPages {
		return nil, 0, fmt.Errorf("%w: %d pages exceed the walk limit of %d", ErrBadResponse, p.Pagination.TotalPages, MaxPages)
	}
	return p, size, nil
}

// Rest completes a walk whose first page is known: it fetches pages
// 2..total_pages concurrently and returns every item in order.
func Rest[T any](ctx context.Context, f PageFunc[T], first *Page[T], size int) ([]T, error) {
	total := int(first.Pagination.TotalPages)
	if first.Pagination.Next == 0 || total <= 1 {
		return first.Results, nil
	}
	if total > MaxPages {
		return nil, fmt.Errorf("%w: %d pages exceed the walk limit of %d", ErrBadResponse, total, MaxPages)
	}
	pages := make([][]T, total+1)
	pages[1] = first.Results
	errs := make([]error, total+1)
	sem := make(chan struct{}, pageConcurrency)
	var wg sync.WaitGroup
	for n := 2; n <= total; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[n] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			p, err := f(ctx, n, size)
			if err != nil {
				errs[n] = err
				return
			}
			// Page n of this size must start at item (n-1)*size+1; if not,
			// the listing changed under us or the size assumption is wrong.
			if len(p.Results) > 0 && int(p.Pagination.StartIndex) != (n-1)*size+1 {
				errs[n] = fmt.Errorf("%w: page %d starts at item %d, expected %d", ErrBadResponse, n, p.Pagination.StartIndex, (n-1)*size+1)
				return
			}
			pages[n] = p.Results
		}()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	out := make([]T, 0, int(first.Pagination.Count))
	for _, p := range pages {
		out = append(out, p...)
	}
	return out, nil
}

func firstError(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Slice returns items [offset, offset+limit) of a listing and the total
// count, fetching only the pages that cover the window (at most two when
// limit <= the page size), concurrently.
func Slice[T any](ctx context.Context, c *Client, f PageFunc[T], offset, limit int) ([]T, int, error) {
	if limit <= 0 {
		// Only the count is wanted: ask for the smallest page.
		p, err := f(ctx, 1, 1)
		if err != nil {
			return nil, 0, err
		}
		return []T{}, int(p.Pagination.Count), nil
	}
	for attempt := 0; ; attempt++ {
		size := c.PageSize()
		firstNo := offset/size + 1
		lastNo := (offset+limit-1)/size + 1
		pages := make([]*Page[T], lastNo-firstNo+1)
		errs := make([]error, len(pages))
		var wg sync.WaitGroup
		for i := range pages {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pages[i], errs[i] = f(ctx, firstNo+i, size)
			}()
		}
		wg.Wait()
		if errs[0] != nil {
			if errors.Is(errs[0], ErrInvalidPage) {
				// The window starts past the end: report the count only.
				return Slice(ctx, c, f, 0, 0)
			}
			return nil, 0, errs[0]
		}
		head := pages[0]
		got := len(head.Results)
		// A tenant cap below the asked size shows as a short page that
		// still has a next page, or as a start index that disagrees.
		capped := head.Pagination.Next != 0 && got > 0 && got < size
		misplaced := got > 0 && int(head.Pagination.StartIndex) != (firstNo-1)*size+1
		if capped || misplaced {
			if attempt >= 2 {
				return nil, 0, fmt.Errorf("%w: page size did not settle (asked %d, got %d)", ErrBadResponse, size, got)
			}
			switch {
			case capped:
				c.pageSize.Store(int64(got))
			case firstNo > 1:
				s := (int(head.Pagination.StartIndex) - 1) / (firstNo - 1)
				if s <= 0 {
					return nil, 0, fmt.Errorf("%w: inconsistent pagination", ErrBadResponse)
				}
				c.pageSize.Store(int64(s))
			default:
				return nil, 0, fmt.Errorf("%w: page 1 starts at item %d", ErrBadResponse, head.Pagination.StartIndex)
			}
			continue
		}
		items := make([]T, 0, limit)
		for i, p := range pages {
			if errs[i] != nil {
				if errors.Is(errs[i], ErrInvalidPage) {
					break // the window runs past the last page
				}
				return nil, 0, errs[i]
			}
			items = append(items, p.Results...)
		}
		skip := min(offset-(firstNo-1)*size, len(items))
		items = items[skip:]
		if len(items) > limit {
			items = items[:limit]
		}
		return items, int(head.Pagination.Count), nil
	}
}
