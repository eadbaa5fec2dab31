package upstreamtest

import (
	"cmp"
	"hash/fnv"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// qget mirrors Django's QueryDict.get: the LAST value of a repeated
// parameter, and ok=false when the parameter is absent.
func qget(q url.Values, name string) (string, bool) {
	vs, ok := q[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

var pyIntRe = regexp.MustCompile(`^[+-]?[0-9]+(_[0-9]+)*$`)

// pyInt parses like Python's int(str): surrounding whitespace allowed,
// optional sign, digits with single underscores.
func pyInt(s string) (*big.Int, bool) {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if !pyIntRe.MatchString(s) {
		return nil, false
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 10)
	return n, ok
}

// pyIntSmall is pyInt clamped into an int (for page numbers and sizes).
func pyIntSmall(s string) (int, bool) {
	n, ok := pyInt(s)
	if !ok {
		return 0, false
	}
	const lim = 1 << 40
	if n.Cmp(big.NewInt(lim)) > 0 {
		return lim, true
	}
	if n.Cmp(big.NewInt(-lim)) < 0 {
		return -lim, true
	}
	return int(n.Int64()), true
}

var hexRe = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// parseUUID mirrors Python's uuid.UUID(hex=...): braces, "urn:uuid:" and
// hyphens are removed, 32 hex digits remain. It returns the canonical form.
func parseUUID(s string) (string, bool) {
	h := strings.TrimPrefix(strings.TrimPrefix(s, "urn:"), "uuid:")
	h = strings.Trim(h, "{}")
	h = strings.ReplaceAll(h, "-", "")
	if !hexRe.MatchString(h) {
		return "", false
	}
	h = strings.ToLower(h)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], true
}

// searchTerms mirrors DRF's search_smart_split: whitespace separated, quoted
// phrases kept together, commas split unquoted tokens. NUL is stripped.
func searchTerms(q url.Values) []string {
	v, _ := qget(q, "search")
	v = strings.ReplaceAll(v, "\x00", "")
	var tokens []string
	var cur strings.Builder
	var quote rune
	inTok := false
	for _, r := range v {
		switch {
		case quote != 0:
			cur.WriteRune(r)
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
			inTok = true
			cur.WriteRune(r)
		case unicode.IsSpace(r):
			if inTok {
				tokens = append(tokens, cur.String())
				cur.Reset()
				inTok = false
			}
		default:
			inTok = true
			cur.WriteRune(r)
		}
	}
	if inTok {
		tokens = append(tokens, cur.String())
	}
	var terms []string
	for _, t := range tokens {
		t = strings.Trim(t, ",")
		if len(t) >= 2 && (t[0] == '"' || t[0] == '\'') && t[0] == t[len(t)-1] {
			terms = append(terms, t[1:len(t)-1])
			continue
		}
		for _, sub := range strings.Split(t, ",") {
			if sub != "" {
				terms = append(terms, strings.TrimSpace(sub))
			}
		}
	}
	return terms
}

// searchFilter keeps objects where every term icontains-matches at least
// one of the fields.
func searchFilter[T any](objs []T, terms []string, fields func(T) []string) []T {
	if len(terms) == 0 {
		return objs
	}
	out := make([]T, 0, len(objs))
	for _, o := range objs {
		fs := fields(o)
		ok := true
		for _, t := range terms {
			lt := strings.ToLower(t)
			hit := false
			for _, fv := range fs {
				if strings.Contains(strings.ToLower(fv), lt) {
					hit = true
					break
				}
			}
			if !hit {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, o)
		}
	}
	return out
}

// objectFilter mirrors authentik's ObjectFilter: a global view permission
// shows everything; otherwise only objects with an object permission, and
// nothing at all is a 403 rather than an empty list.
func objectFilter[T any](p *principal, model string, objs []T, pk func(T) string) ([]T, *response) {
	if p.has("view_" + model) {
		return objs, nil
	}
	out := make([]T, 0, len(objs))
	for _, o := range objs {
		if p.objView[model][pk(o)] {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return nil, detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	return out, nil
}

// --- ordering --------------------------------------------------------------

// sortVal is one SQL value used for ORDER BY.
type sortVal struct {
	null  bool
	isNum bool
	num   int64
	str   string
}

func sv(s string) sortVal { return sortVal{str: s} }
func nv(n int64) sortVal  { return sortVal{isNum: true, num: n} }
func bv(b bool) sortVal {
	if b {
		return nv(1)
	}
	return nv(0)
}

func cmpVal(a, b sortVal) int {
	switch {
	case a.null && b.null:
		return 0
	case a.null:
		return 1 // NULLS LAST for ASC
	case b.null:
		return -1
	case a.isNum:
		switch {
		case a.num < b.num:
			return -1
		case a.num > b.num:
			return 1
		}
		return 0
	default:
		return strings.Compare(a.str, b.str)
	}
}

// orderField describes one orderable field. multi fields are m2m joins:
// every related value yields one row (duplicates), none yields NULL.
type orderField[T any] struct {
	one   func(T) sortVal
	multi func(T) []sortVal
}

type orderTerm[T any] struct {
	desc  bool
	field orderField[T]
}

// orderRow is one result row: an object plus the sort values of its join.
type orderRow[T any] struct {
	obj  T
	vals []sortVal
	seq  int // position before sorting: the tie-break that keeps the sort stable
}

// parseOrdering mirrors DRF's OrderingFilter.get_ordering: comma separated,
// stripped, "-" for descending, unknown names silently dropped, and the
// default when nothing valid remains. A name mapping to nil field yields
// broken=true (a server error in authentik).
func parseOrdering[T any](q url.Values, allowed map[string]*orderField[T], def string) (terms []orderTerm[T], broken bool) {
	build := func(spec string) []orderTerm[T] {
		var out []orderTerm[T]
		for _, part := range strings.Split(spec, ",") {
			name := strings.TrimSpace(part)
			desc := strings.HasPrefix(name, "-")
			if desc {
				name = name[1:]
			}
			f, ok := allowed[name]
			if !ok {
				continue
			}
			if f == nil {
				broken = true
				continue
			}
			out = append(out, orderTerm[T]{desc: desc, field: *f})
		}
		return out
	}
	if v, ok := qget(q, "ordering"); ok && v != "" {
		terms = build(v)
		if len(terms) > 0 || broken {
			return terms, broken
		}
	}
	if def == "" {
		return nil, false
	}
	return build(def), false
}

// orderRows expands m2m joins and sorts stably (ties keep the base order).
func orderRows[T any](objs []T, terms []orderTerm[T]) []orderRow[T] {
	rows := make([]orderRow[T], 0, len(objs))
	for _, o := range objs {
		partial := [][]sortVal{{}}
		for _, t := range terms {
			var vals []sortVal
			if t.field.multi != nil {
				vals = t.field.multi(o)
				if len(vals) == 0 {
					vals = []sortVal{{null: true}}
				}
			} else {
				vals = []sortVal{t.field.one(o)}
			}
			next := make([][]sortVal, 0, len(partial)*len(vals))
			for _, p := range partial {
				for _, v := range vals {
					row := append(append([]sortVal(nil), p...), v)
					next = append(next, row)
				}
			}
			partial = next
		}
		for _, p := range partial {
			rows = append(rows, orderRow[T]{obj: o, vals: p})
		}
	}
	if len(terms) == 0 {
		return rows
	}
	// Stable: equal rows keep their order, by their position as tie-break
	// (an unstable sort with it is faster than a stable one: the bindings
	// listing of the large install sorts 16,000 rows per page).
	for i := range rows {
		rows[i].seq = i
	}
	slices.SortFunc(rows, func(a, b orderRow[T]) int {
		for k, t := range terms {
			c := cmpVal(a.vals[k], b.vals[k])
			if t.desc {
				// DESC puts NULLs first in PostgreSQL; cmpVal puts them last.
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return rows
}

// unstableOrder emulates a queryset without ORDER BY: deterministic, but
// neither name nor pk order.
func unstableOrder[T any](objs []T, pk func(T) string) []T {
	out := make([]T, len(objs))
	copy(out, objs)
	h := func(s string) uint64 {
		x := fnv.New64a()
		x.Write([]byte("heap:" + s))
		return x.Sum64()
	}
	sort.SliceStable(out, func(i, j int) bool { return h(pk(out[i])) < h(pk(out[j])) })
	return out
}

// --- pagination ------------------------------------------------------------

func (f *Fake) pageSize(q url.Values) int {
	v, ok := qget(q, "page_size")
	if !ok {
		return f.cfg.defaultPageSize
	}
	n, ok := pyIntSmall(v)
	if !ok || n <= 0 {
		return f.cfg.defaultPageSize
	}
	if f.cfg.maxPageSize > 0 && n > f.cfg.maxPageSize {
		return f.cfg.maxPageSize
	}
	return n
}

// paginate mirrors DRF PageNumberPagination over Django's Paginator. count
// is the number of distinct objects (COUNT(*) drops the ORDER BY joins),
// rows may contain m2m duplicates.
func paginate[T any](f *Fake, q url.Values, rows []orderRow[T], count int) (object, []T, *response) {
	size := f.pageSize(q)
	numPages := 1
	if count > 0 {
		numPages = (count + size - 1) / size
	}
	number := 1
	if v, ok := qget(q, "page"); ok {
		if v == "last" {
			number = numPages
		} else {
			n, ok := pyIntSmall(v)
			if !ok || n < 1 || n > numPages {
				return nil, nil, detailResponse(http.StatusNotFound, msgInvalidPage)
			}
			number = n
		}
	}
	bottom := (number - 1) * size
	top := bottom + size
	if top >= count {
		top = count
	}
	var page []T
	for i := bottom; i < top && i < len(rows); i++ {
		page = append(page, rows[i].obj)
	}
	next, prev := 0, 0
	if number < numPages {
		next = number + 1
	}
	if number > 1 {
		prev = number - 1
	}
	start, end := 0, 0
	if count > 0 {
		start = bottom + 1
		if number == numPages {
			end = count
		} else {
			end = number * size
		}
	}
	pag := object{
		{"next", next},
		{"previous", prev},
		{"count", count},
		{"current", number},
		{"total_pages", numPages},
		{"start_index", start},
		{"end_index", end},
	}
	return pag, page, nil
}

func (f *Fake) pageResponse(pag object, results []object) *response {
	if results == nil {
		results = []object{}
	}
	o := object{{"pagination", pag}, {"results", results}}
	if f.cfg.hasAutocomplete() {
		o = append(o, kv{"autocomplete", object{}})
	}
	return jsonResponse(http.StatusOK, o)
}

// --- filter value parsing (django-filter) ------------------------------------

// filterChoice validates a ChoiceFilter value; "" means no filter.
func filterChoice(q url.Values, name string, choices []string, errs *fieldErrors) (string, bool) {
	v, ok := qget(q, name)
	if !ok || v == "" {
		return "", false
	}
	for _, c := range choices {
		if c == v {
			return v, true
		}
	}
	errs.add(name, "Select a valid choice. "+v+" is not one of the available choices.")
	return "", false
}

// filterUUID validates a UUIDFilter value; "" means no filter.
func filterUUID(q url.Values, name string, errs *fieldErrors) (string, bool) {
	v, ok := qget(q, name)
	if !ok {
		return "", false
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return "", false
	}
	u, ok := parseUUID(v)
	if !ok {
		errs.add(name, msgFilterUUID)
		return "", false
	}
	return u, true
}

// filterChar is an exact CharFilter; "" means no filter.
func filterChar(q url.Values, name string) (string, bool) {
	v, ok := qget(q, name)
	if !ok || v == "" {
		return "", false
	}
	return v, true
}

// filterBool mirrors django-filter's BooleanWidget: true/false/1/0
// (case-insensitive); anything else means no filter, not an error.
func filterBool(q url.Values, name string) (bool, bool) {
	v, ok := qget(q, name)
	if !ok {
		return false, false
	}
	switch strings.ToLower(v) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

var decimalRe = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// filterNumber mirrors NumberFilter (forms.DecimalField) on an integer
// column: the value is truncated towards zero like int(Decimal).
func filterNumber(q url.Values, name string, errs *fieldErrors) (int64, bool) {
	v, ok := qget(q, name)
	if !ok {
		return 0, false
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if !decimalRe.MatchString(v) {
		errs.add(name, msgFilterNumber)
		return 0, false
	}
	r, ok := new(big.Rat).SetString(v)
	if !ok {
		errs.add(name, msgFilterNumber)
		return 0, false
	}
	n := new(big.Int).Quo(r.Num(), r.Denom())
	if !n.IsInt64() {
		return 1 << 62, true // matches nothing
	}
	return n.Int64(), true
}
