package upstream

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"unicode/utf8"
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
	p := pageReader[Flow]{t: stagesFrom(ctx)}
	if err := c.do(ctx, "GET", "flows/instances/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
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
	if err := c.do(ctx, "GET", "flows/instances/"+s+"/", nil, nil, &f, nil); err != nil {
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

// FlowRequest is the body of a flow create (FlowRequest: name, slug, title
// and designation required) or partial update (PatchedFlowRequest: nothing
// required). Nil fields are left out of the body, so a PATCH changes only
// the fields that are set.
type FlowRequest struct {
	Name              *string `json:"name,omitempty"`
	Slug              *string `json:"slug,omitempty"`
	Title             *string `json:"title,omitempty"`
	Designation       *string `json:"designation,omitempty"`
	Background        *string `json:"background,omitempty"`
	PolicyEngineMode  *string `json:"policy_engine_mode,omitempty"`
	CompatibilityMode *bool   `json:"compatibility_mode,omitempty"`
	Layout            *string `json:"layout,omitempty"`
	DeniedAction      *string `json:"denied_action,omitempty"`
	Authentication    *string `json:"authentication,omitempty"`
}

// CreateFlow creates a flow. POST /api/v3/flows/instances/
func (c *Client) CreateFlow(ctx context.Context, r FlowRequest) (*Flow, error) {
	var f Flow
	if err := c.do(ctx, "POST", "flows/instances/", nil, r, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// UpdateFlow changes the set fields of a flow.
// PATCH /api/v3/flows/instances/{slug}/
func (c *Client) UpdateFlow(ctx context.Context, slug string, r FlowRequest) (*Flow, error) {
	s, err := segment(slug)
	if err != nil {
		return nil, err
	}
	var f Flow
	if err := c.do(ctx, "PATCH", "flows/instances/"+s+"/", nil, r, &f, nil); err != nil {
		return nil, err
	}
	return &f, nil
}

// DeleteFlow deletes a flow and, through authentik's cascade, its bindings.
// DELETE /api/v3/flows/instances/{slug}/
func (c *Client) DeleteFlow(ctx context.Context, slug string) error {
	s, err := segment(slug)
	if err != nil {
		return err
	}
	err = c.do(ctx, "DELETE", "flows/instances/"+s+"/", nil, nil, nil, nil)
	return err
}

type flowDiagram struct {
	Diagram *string `json:"diagram"`
}

func (d *flowDiagram) validate() error {
	if d.Diagram == nil {
		return errors.New("no diagram")
	}
	return nil
}

// GetFlowDiagram returns the flow's diagram as mermaid text.
// GET /api/v3/flows/instances/{slug}/diagram/
func (c *Client) GetFlowDiagram(ctx context.Context, slug string) (string, error) {
	s, err := segment(slug)
	if err != nil {
		return "", err
	}
	var d flowDiagram
	if err := c.do(ctx, "GET", "flows/instances/"+s+"/diagram/", nil, nil, &d, nil); err != nil {
		return "", err
	}
	return *d.Diagram, nil
}

// ExportFlow returns the flow's blueprint. authentik answers YAML text (the
// schema says JSON; it is not), so the body is returned as it came.
// GET /api/v3/flows/instances/{slug}/export/
func (c *Client) ExportFlow(ctx context.Context, slug string) (string, error) {
	s, err := segment(slug)
	if err != nil {
		return "", err
	}
	const path = "flows/instances/%s/export/"
	var b []byte
	if err := c.do(ctx, "GET", fmt.Sprintf(path, s), nil, nil, nil, &b); err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("upstream: GET %s: %w: export is not UTF-8 text", fmt.Sprintf(path, s), ErrBadResponse)
	}
	return string(b), nil
}

// ListFlowUsedBy lists the objects a delete of the flow would affect.
// GET /api/v3/flows/instances/{slug}/used_by/
func (c *Client) ListFlowUsedBy(ctx context.Context, slug string) ([]UsedBy, error) {
	s, err := segment(slug)
	if err != nil {
		return nil, err
	}
	return c.usedBy(ctx, "flows/instances/"+s+"/used_by/")
}

// CacheInfo is authentik's Cache: the number of cached flow plans.
type CacheInfo struct {
	Count *int `json:"count"`
}

func (ci *CacheInfo) validate() error {
	if ci.Count == nil || *ci.Count < 0 {
		return errors.New("cache info without a count")
	}
	return nil
}

// GetFlowCacheInfo returns how many flow plans authentik has cached.
// GET /api/v3/flows/instances/cache_info/
func (c *Client) GetFlowCacheInfo(ctx context.Context) (int, error) {
	var ci CacheInfo
	if err := c.do(ctx, "GET", "flows/instances/cache_info/", nil, nil, &ci, nil); err != nil {
		return 0, err
	}
	return *ci.Count, nil
}

// ClearFlowCache drops every cached flow plan. authentik answers 204 and
// does not say how many it dropped.
// POST /api/v3/flows/instances/cache_clear/
func (c *Client) ClearFlowCache(ctx context.Context) error {
	err := c.do(ctx, "POST", "flows/instances/cache_clear/", nil, nil, nil, nil)
	return err
}
