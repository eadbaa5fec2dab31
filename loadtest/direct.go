package main

// The direct baseline: for each shape, a small hand-written server that makes
// exactly the upstream requests flowgate makes for that shape and writes
// the same JSON answer, with no GraphQL (no parsing, validation, resolvers,
// loaders, guards, middleware, metrics). It is the floor a gateway's CPU
// and latency are compared with. The driver runs it as a process of its own
// (itself, re-executed with directEnv set), so that its CPU time and peak
// RSS are measured exactly as flowgate's are.

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// directEnv names the shape a re-executed driver serves directly.
const directEnv = "LOADTEST_DIRECT_SHAPE"

type dFlow struct {
	PK          string `json:"pk"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Designation string `json:"designation"`
	Layout      string `json:"layout"`
}

type dFlowSet struct {
	PK   string `json:"pk"`
	Slug string `json:"slug"`
}

type dStage struct {
	PK      string     `json:"pk"`
	Name    string     `json:"name"`
	FlowSet []dFlowSet `json:"flow_set"`
}

type dBinding struct {
	PK       string `json:"pk"`
	Target   string `json:"target"`
	Order    int    `json:"order"`
	StageObj dStage `json:"stage_obj"`
}

type dPage[T any] struct {
	Pagination struct {
		Count int `json:"count"`
		Next  int `json:"next"`
	} `json:"pagination"`
	Results []T `json:"results"`
}

type directServer struct {
	hc    *http.Client
	base  string // .../api/v3/
	token string
	shape string
}

func (d *directServer) get(r *http.Request, path string, q url.Values, out any) error {
	u := d.base + path
	if q != nil {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+d.token)
	req.Header.Set("Accept", "application/json")
	resp, err := d.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return json.Unmarshal(b, out)
}

func page(ordering string, extra ...string) url.Values {
	q := url.Values{"page": {"1"}, "page_size": {"100"}, "ordering": {ordering}}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	return q
}

// The answers' shapes: fields in the order the shapes' queries select them.
type (
	flatNode struct {
		PK          string `json:"pk"`
		Slug        string `json:"slug"`
		Name        string `json:"name"`
		Title       string `json:"title"`
		Designation string `json:"designation"`
		Layout      string `json:"layout"`
	}
	named struct {
		Name string `json:"name"`
	}
	slugged struct {
		Slug string `json:"slug"`
	}
	orderedStage struct {
		Order int   `json:"order"`
		Stage named `json:"stage"`
	}
	nestedNode struct {
		Slug     string         `json:"slug"`
		Bindings []orderedStage `json:"bindings"`
		Stages   []named        `json:"stages"`
	}
	deepStage struct {
		Name  string    `json:"name"`
		Flows []slugged `json:"flows"`
	}
	deepBinding struct {
		Order int       `json:"order"`
		Stage deepStage `json:"stage"`
	}
	deepFlow struct {
		Slug     string        `json:"slug"`
		Bindings []deepBinding `json:"bindings"`
	}
	deepNode struct {
		Name  string     `json:"name"`
		Flows []deepFlow `json:"flows"`
	}
	singleFlow struct {
		Slug     string         `json:"slug"`
		Title    string         `json:"title"`
		Bindings []orderedStage `json:"bindings"`
	}
)

func sortBindings(bs []dBinding) {
	slices.SortStableFunc(bs, func(a, b dBinding) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), strings.Compare(a.PK, b.PK))
	})
}

func byTarget(bs []dBinding) map[string][]dBinding {
	m := map[string][]dBinding{}
	for _, b := range bs {
		m[b.Target] = append(m[b.Target], b)
	}
	for _, v := range m {
		sortBindings(v)
	}
	return m
}

func bySlug(fs []dFlowSet) []dFlowSet {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b dFlowSet) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

func (d *directServer) answer(r *http.Request) (any, error) {
	switch d.shape {
	case "flat":
		var p dPage[dFlow]
		if err := d.get(r, "flows/instances/", page("slug"), &p); err != nil {
			return nil, err
		}
		nodes := make([]flatNode, 0, 20)
		for _, f := range p.Results[:min(20, len(p.Results))] {
			nodes = append(nodes, flatNode{f.PK, f.Slug, f.Name, f.Title, strings.ToUpper(f.Designation), strings.ToUpper(f.Layout)})
		}
		return map[string]any{"flows": struct {
			TotalCount int        `json:"totalCount"`
			Nodes      []flatNode `json:"nodes"`
		}{p.Pagination.Count, nodes}}, nil
	case "nested":
		var fp dPage[dFlow]
		if err := d.get(r, "flows/instances/", page("slug"), &fp); err != nil {
			return nil, err
		}
		var bp dPage[dBinding]
		if err := d.get(r, "flows/bindings/", page("order,pk"), &bp); err != nil {
			return nil, err
		}
		if bp.Pagination.Next != 0 {
			return nil, errors.New("direct nested: the bindings listing must fit one page")
		}
		bt := byTarget(bp.Results)
		nodes := make([]nestedNode, 0, 20)
		for _, f := range fp.Results[:min(20, len(fp.Results))] {
			n := nestedNode{Slug: f.Slug, Bindings: make([]orderedStage, 0, len(bt[f.PK])), Stages: make([]named, 0, len(bt[f.PK]))}
			for _, b := range bt[f.PK] {
				n.Bindings = append(n.Bindings, orderedStage{b.Order, named{b.StageObj.Name}})
				n.Stages = append(n.Stages, named{b.StageObj.Name})
			}
			nodes = append(nodes, n)
		}
		return map[string]any{"flows": map[string]any{"nodes": nodes}}, nil
	case "deep":
		var sp dPage[dStage]
		if err := d.get(r, "stages/all/", page("name"), &sp); err != nil {
			return nil, err
		}
		var bp dPage[dBinding]
		if err := d.get(r, "flows/bindings/", page("order,pk"), &bp); err != nil {
			return nil, err
		}
		if bp.Pagination.Next != 0 {
			return nil, errors.New("direct deep: the bindings listing must fit one page")
		}
		bt := byTarget(bp.Results)
		nodes := make([]deepNode, 0, 50)
		for _, s := range sp.Results[:min(50, len(sp.Results))] {
			n := deepNode{Name: s.Name, Flows: make([]deepFlow, 0, len(s.FlowSet))}
			for _, f := range bySlug(s.FlowSet) {
				df := deepFlow{Slug: f.Slug, Bindings: make([]deepBinding, 0, len(bt[f.PK]))}
				for _, b := range bt[f.PK] {
					st := deepStage{Name: b.StageObj.Name, Flows: make([]slugged, 0, len(b.StageObj.FlowSet))}
					for _, x := range bySlug(b.StageObj.FlowSet) {
						st.Flows = append(st.Flows, slugged{x.Slug})
					}
					df.Bindings = append(df.Bindings, deepBinding{b.Order, st})
				}
				n.Flows = append(n.Flows, df)
			}
			nodes = append(nodes, n)
		}
		return map[string]any{"stages": map[string]any{"nodes": nodes}}, nil
	case "single":
		var f dFlow
		if err := d.get(r, "flows/instances/default-authentication-flow/", nil, &f); err != nil {
			return nil, err
		}
		var bp dPage[dBinding]
		if err := d.get(r, "flows/bindings/", page("order,pk", "target", f.PK), &bp); err != nil {
			return nil, err
		}
		sortBindings(bp.Results)
		sf := singleFlow{Slug: f.Slug, Title: f.Title, Bindings: make([]orderedStage, 0, len(bp.Results))}
		for _, b := range bp.Results {
			sf.Bindings = append(sf.Bindings, orderedStage{b.Order, named{b.StageObj.Name}})
		}
		return map[string]any{"flow": sf}, nil
	}
	return nil, fmt.Errorf("no direct baseline for shape %q", d.shape)
}

func (d *directServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		_, _ = io.WriteString(w, "ok")
		return
	case "/graphql":
	default:
		http.NotFound(w, r)
		return
	}
	_, _ = io.Copy(io.Discard, r.Body)
	data, err := d.answer(r)
	w.Header().Set("Content-Type", "application/json")
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]string{"message": err.Error()}}})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"data": data})
}

// serveDirect runs the direct baseline of shape until the process is
// stopped. It logs its address as flowgate does, so start finds it.
func serveDirect(shape string) error {
	base := strings.TrimSuffix(os.Getenv("AUTHENTIK_URL"), "/") + "/api/v3/"
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	d := &directServer{hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}, base: base,
		token: os.Getenv("AUTHENTIK_TOKEN"), shape: shape}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, `{"msg":"flowgate listening","addr":%q}`+"\n", ln.Addr().String())
	return http.Serve(ln, d)
}
