package upstreamtest

import "net/url"

// resource describes one collection of the fake (flows, bindings, stages):
// how its list endpoint filters, orders and renders objects, and how a POST
// creates one. Its list method is the one list-and-create handler of every
// collection, so a new collection (policies, typed stages) is a new
// resource value, not a new handler.
type resource[T any] struct {
	// query applies the filter backends (search, filters, object
	// permissions) in the collection's default order.
	query func(f *Fake, c *call) ([]T, *response)
	// ordering is the fields ?ordering= accepts.
	ordering func(f *Fake) map[string]*orderField[T]
	// defaultOrder is the viewset's ordering ("" for none).
	defaultOrder string
	// strictOrdering: an ordering the database cannot apply answers
	// Django's HTML 500 (bindings); otherwise it is ignored.
	strictOrdering bool
	// render is the serializer.
	render func(f *Fake, obj T, ix *index) object
	// create handles POST; nil where the route allows GET only.
	create func(f *Fake, c *call) *response
}

// list answers GET (a filtered, ordered page) and POST (create).
func (k resource[T]) list(f *Fake, c *call) *response {
	if c.method == "POST" && k.create != nil {
		return k.create(f, c)
	}
	rows, count, resp := k.rows(f, c)
	if resp != nil {
		return resp
	}
	pag, page, resp := paginate(f, c.q, rows, count)
	if resp != nil {
		return resp
	}
	ix := f.listIndex()
	results := make([]object, 0, len(page))
	for _, o := range page {
		results = append(results, k.render(f, o, ix))
	}
	return f.pageResponse(pag, results)
}

// rows filters and orders the collection for c, or returns the answer that
// refuses c. The ordered rows of a listing are kept (pageCache.listings)
// until a write, so that walking a big listing page by page filters and
// sorts it once, not once per page.
func (k resource[T]) rows(f *Fake, c *call) ([]orderRow[T], int, *response) {
	q := url.Values{}
	for name, v := range c.q {
		if name != "page" && name != "page_size" {
			q[name] = v
		}
	}
	key := pageKey{c.p, c.r.URL.Path, q.Encode()}
	if l, ok := f.pages.listings[key].(listing[T]); ok {
		return l.rows, l.count, nil
	}
	objs, resp := k.query(f, c)
	if resp != nil {
		return nil, 0, resp
	}
	terms, broken := parseOrdering(c.q, k.ordering(f), k.defaultOrder)
	if broken && k.strictOrdering {
		return nil, 0, htmlServerError()
	}
	rows := orderRows(objs, terms)
	if len(rows) >= listingMin {
		if f.pages.listings == nil {
			f.pages.listings = map[pageKey]any{}
		}
		f.pages.listings[key] = listing[T]{rows, len(objs)}
	}
	return rows, len(objs), nil
}

var (
	flowResource = resource[*flowRec]{
		query: (*Fake).flowQuery, ordering: (*Fake).flowOrdering, defaultOrder: "slug,name",
		render: (*Fake).flowJSON, create: (*Fake).flowCreate,
	}
	bindingResource = resource[*bindingRec]{
		query: (*Fake).bindingQuery, ordering: (*Fake).bindingOrdering, defaultOrder: "order,pk", strictOrdering: true,
		render: (*Fake).bindingJSON, create: (*Fake).bindingCreate,
	}
	stageResource = resource[*stageRec]{
		query: (*Fake).stageQuery, ordering: (*Fake).stageOrdering,
		render: (*Fake).stageJSON,
	}
)
