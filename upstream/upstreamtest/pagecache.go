package upstreamtest

// pageCache keeps the fake's big rendered list pages while its data does not
// change. authentik's bindings listing embeds each binding's whole stage with
// its flow_set, so a page of the 2,000-flow install (WithLargeInstall) is
// about 3 MB; rendering one (filter, order, serialize) costs the fake tens of
// milliseconds under its one lock, and a query that walks the whole listing
// reads 161 of them. Keeping them makes a repeated walk cost what flowgate's
// side of it costs, which is what the scale tests measure. It is a
// test-double optimisation only: answers are byte-for-byte those rendered
// afresh (TestPageCache_SameBytes), and any write drops them all.

// pageCacheMin is the smallest body kept: small pages are cheap to render,
// and not keeping them leaves the default install's tests untouched.
const pageCacheMin = 64 << 10

// pageCacheMax bounds the bytes kept per fake (the whole large listing at
// page_size 100 is ~480 MB; past the bound pages are rendered afresh).
const pageCacheMax = 1 << 30

// listingMin is the fewest rows of a listing worth keeping ordered.
const listingMin = 1000

// listing is a filtered, ordered collection and its count.
type listing[T any] struct {
	rows  []orderRow[T]
	count int
}

type pageKey struct {
	p        *principal
	path     string
	rawQuery string
}

type pageCache struct {
	pages map[pageKey]*response
	bytes int
	// listings holds a listing[T] per caller, path and query less page and
	// page_size: the filtered, ordered rows that its pages slice.
	listings map[pageKey]any
	// ix is the index list pages render with (its stageCache holds each
	// embedded stage rendered once), kept across list requests.
	ix *index
}

// listIndex returns the index list pages render with, built once per
// version of the data. Callers hold f.mu.
func (f *Fake) listIndex() *index {
	if f.pages.ix == nil {
		f.pages.ix = f.buildIndex()
	}
	return f.pages.ix
}

// get returns a copy of the kept answer for key, if any. The copy has its
// own header, since handle sets headers on what dispatch returns.
func (c *pageCache) get(k pageKey) *response {
	r := c.pages[k]
	if r == nil {
		return nil
	}
	return &response{status: r.status, header: r.header.Clone(), body: r.body}
}

// put keeps a successful answer big enough to be worth keeping.
func (c *pageCache) put(k pageKey, r *response) {
	if r == nil || r.status != 200 || len(r.body) < pageCacheMin || c.bytes+len(r.body) > pageCacheMax {
		return
	}
	if c.pages == nil {
		c.pages = map[pageKey]*response{}
	}
	c.pages[k] = &response{status: r.status, header: r.header.Clone(), body: r.body}
	c.bytes += len(r.body)
}

// drop forgets every page, listing and the index: the data changed. Callers hold f.mu.
func (c *pageCache) drop() {
	c.pages, c.bytes, c.ix, c.listings = nil, 0, nil, nil
}
