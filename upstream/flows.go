package upstream

import (
	"context"
	"errors"
	"net/url"
)

// Flow is authentik's Flow (GET /flows/instances/). Unknown fields are
// ignored, so newer versions decode; 2025.x shapes decode too (see
// BackgroundURL).
type Flow struct {
	PK                      string `json:"pk"`
	PolicyBindingModelPtrID string `json:"policybindingmodel_ptr_id"`
	Name                    string `json:"name"`
	Slug                    string `json:"slug"`
	Title                   string `json:"title"`
	Designation             string `json:"designation"`
	// Background is, in 2026.x, an optional file reference; in 2025.x it is
	// the read-only resolved URL. Use ResolvedBackground.
	Background           string      `json:"background"`
	BackgroundURLField   *string     `json:"background_url"`
	BackgroundThemedURLs *ThemedURLs `json:"background_themed_urls"`
	Stages               []string    `json:"stages"`
	Policies             []string    `json:"policies"`
	CacheCount           int         `json:"cache_count"`
	PolicyEngineMode     string      `json:"policy_engine_mode"`
	CompatibilityMode    bool        `json:"compatibility_mode"`
	ExportURL            string      `json:"export_url"`
	Layout               string      `json:"layout"`
	DeniedAction         string      `json:"denied_action"`
	Authentication       string      `json:"authentication"`
}

// ThemedURLs holds a background's per-theme URLs (2026.x).
type ThemedURLs struct {
	Light *string `json:"light"`
	Dark  *string `json:"dark"`
}

// ResolvedBackground returns the background's URL: background_url in
// 2026.x, background in 2025.x (which has no background_url).
func (f *Flow) ResolvedBackground() string {
	if f.BackgroundURLField != nil {
		return *f.BackgroundURLField
	}
	return f.Background
}

func (f *Flow) validate() error {
	if f.PK == "" || f.Slug == "" {
		return errors.New("flow without pk or slug")
	}
	return nil
}

// FlowSet is the stripped Flow that a Stage embeds in flow_set. It lacks
// authentication, background, stages, policies and cache_count.
type FlowSet struct {
	PK                      string  `json:"pk"`
	PolicyBindingModelPtrID string  `json:"policybindingmodel_ptr_id"`
	Name                    string  `json:"name"`
	Slug                    string  `json:"slug"`
	Title                   string  `json:"title"`
	Designation             string  `json:"designation"`
	BackgroundURLField      *string `json:"background_url"`
	// Background is the 2025.x name of background_url.
	Background        string `json:"background"`
	PolicyEngineMode  string `json:"policy_engine_mode"`
	CompatibilityMode bool   `json:"compatibility_mode"`
	ExportURL         string `json:"export_url"`
	Layout            string `json:"layout"`
	DeniedAction      string `json:"denied_action"`
}

// ResolvedBackground returns the background URL in either version's shape.
func (f *FlowSet) ResolvedBackground() string {
	if f.BackgroundURLField != nil {
		return *f.BackgroundURLField
	}
	return f.Background
}

func (f *FlowSet) validate() error {
	if f.PK == "" || f.Slug == "" {
		return errors.New("flow_set entry without pk or slug")
	}
	return nil
}

// ListFlowsOptions filters GET /flows/instances/. Every filter is exact and
// single-valued; empty means unfiltered.
type ListFlowsOptions struct {
	ListOptions
	FlowUUID     string
	Name         string
	Slug         string
	Designation  string // lower-case API value, e.g. "authentication"
	DeniedAction string
}

func (o ListFlowsOptions) values(c *Client) url.Values {
	v := o.ListOptions.values(c)
	setIf(v, "flow_uuid", o.FlowUUID)
	setIf(v, "name", o.Name)
	setIf(v, "slug", o.Slug)
	setIf(v, "designation", o.Designation)
	setIf(v, "denied_action", o.DeniedAction)
	return v
}

func setIf(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}

// ListFlows lists flows. GET /api/v3/flows/instances/
func (c *Client) ListFlows(ctx context.Context, o ListFlowsOptions) (*Page[Flow], error) {
	var p Page[Flow]
	if _, err := c.do(ctx, "GET", "flows/instances/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return &p, nil
}

// FlowPages returns a PageFunc over ListFlows with fixed options.
func (c *Client) FlowPages(o ListFlowsOptions) PageFunc[Flow] {
	return func(ctx context.Context, page, size int) (*Page[Flow], error) {
		o := o
		o.Page, o.PageSize = page, size
		return c.ListFlows(ctx, o)
	}
}

// GetFlow fetches one flow by slug. GET /api/v3/flows/instances/{slug}/
//
// authentik routes /flows/instances/cache_info/ and cache_clear/ to its list
// actions, so a flow with one of those slugs is fetched with ?slug= instead.
func (c *Client) GetFlow(ctx context.Context, slug string) (*Flow, error) {
	s, err := segment(slug)
	if err != nil {
		return nil, err
	}
	if slug == "cache_info" || slug == "cache_clear" {
		p, err := c.ListFlows(ctx, ListFlowsOptions{Slug: slug, ListOptions: ListOptions{PageSize: 1}})
		if err != nil {
			return nil, err
		}
		for i := range p.Results {
			if p.Results[i].Slug == slug {
				return &p.Results[i], nil
			}
		}
		return nil, &Error{Method: "GET", Path: "flows/instances/", StatusCode: 404, Detail: "No Flow matches the given query."}
	}
	var f Flow
	if _, err := c.do(ctx, "GET", "flows/instances/"+s+"/", nil, nil, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// GetFlowByPK fetches one flow by its uuid. authentik has no detail route by
// uuid, so this lists with ?flow_uuid= and expects 0 or 1 results.
// GET /api/v3/flows/instances/?flow_uuid={pk}
func (c *Client) GetFlowByPK(ctx context.Context, pk string) (*Flow, error) {
	p, err := c.ListFlows(ctx, ListFlowsOptions{FlowUUID: pk, ListOptions: ListOptions{PageSize: 1}})
	if err != nil {
		return nil, err
	}
	for i := range p.Results {
		if p.Results[i].PK == pk {
			return &p.Results[i], nil
		}
	}
	return nil, &Error{Method: "GET", Path: "flows/instances/", StatusCode: 404, Detail: "No Flow matches the given query."}
}
