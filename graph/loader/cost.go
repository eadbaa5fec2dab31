package loader

// Listing is what a request knows of one whole listing (all flows, all
// stages or all bindings the caller may see) when it plans a batch.
type Listing struct {
	// Pages is the listing's page count at the page size in use: known once
	// its page 1 is in, else an assumption (an estimate's).
	Pages int
	// FirstPageIn reports that page 1 has been fetched in this request.
	FirstPageIn bool
	// Complete reports that every page is in.
	Complete bool
}

// BatchCost is the number of upstream requests the planner sends for one
// batch of a loader: keys that this request has not loaded yet, whose own
// requests would cost perKey in total (a flow's bindings take
// ceil(bindings/page size) pages; a lookup by pk takes 1), answered from a
// listing in the given state. It is the rule (*Loaders).Fetch follows:
//
//   - nothing to load, or the listing is complete: 0;
//   - one key: its own requests (a point lookup never probes a listing);
//   - else page 1 of the listing (the probe) unless it is in, then the
//     cheaper of the rest of the listing (Pages-1) and the keys' own
//     requests; a one-page listing needs nothing more.
//
// A loader of one object per key (FlowBySlug, FlowByPK, StageByPK,
// BindingByPK) also answers, for free, the keys it finds on the listing's
// page 1 once that is in; BatchCost, which does not know the keys, counts
// them as per-key requests, so it stays an upper bound for those loaders
// and is exact for the grouped ones (BindingsByFlow, BindingsByStage).
//
// So a batch never pays both a listing walk and per-key requests, and it
// costs at most perKey+1 however large the install. Demand control
// (graph's estimate) predicts the planner with this function.
func BatchCost(keys, perKey int, l Listing) int {
	if keys <= 0 || l.Complete {
		return 0
	}
	if keys == 1 {
		return perKey
	}
	probe := 1
	if l.FirstPageIn {
		probe = 0
	}
	if l.Pages <= 1 {
		return probe
	}
	return probe + min(perKey, l.Pages-1)
}

// walkCheaper reports whether the rest of a listing of pages pages costs no
// more than the keys' own requests.
func walkCheaper(perKey, pages int) bool { return pages-1 <= perKey }

// pagesOf is the requests a listing of n items takes at pageSize (at least 1).
func pagesOf(n, pageSize int) int {
	if n <= 0 || pageSize <= 0 {
		return 1
	}
	return (n + pageSize - 1) / pageSize
}
