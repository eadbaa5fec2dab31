package upstream

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// Stage is authentik's generic Stage (GET /stages/all/), also embedded in
// every binding as stage_obj.
type Stage struct {
	PK                string `json:"pk"`
	Name              string `json:"name"`
	Component         string `json:"component"`
	VerboseName       string `json:"verbose_name"`
	VerboseNamePlural string `json:"verbose_name_plural"`
	MetaModelName     string `json:"meta_model_name"`
	// FlowSet entries may be shared with other stages of the same
	// request (see Stages): never modify one.
	FlowSet []*FlowSet `json:"flow_set"`
}

func (s *Stage) validate() error {
	if s.PK == "" {
		return errors.New("stage without pk")
	}
	for _, f := range s.FlowSet {
		if f == nil {
			return errors.New("flow_set entry is null")
		}
		if err := f.validate(); err != nil {
			return err
		}
	}
	return nil
}

// ListStagesOptions filters GET /stages/all/. authentik's default order for
// this endpoint is unstable, so callers that page must set Ordering.
type ListStagesOptions struct {
	ListOptions
	Name string // exact
}

func (o ListStagesOptions) values(c *Client) url.Values {
	v := o.ListOptions.values(c)
	setIf(v, "name", o.Name)
	return v
}

// ListStages lists stages of every type. GET /api/v3/stages/all/
func (c *Client) ListStages(ctx context.Context, o ListStagesOptions) (*Page[Stage], error) {
	p := stageReader(ctx)
	if err := c.do(ctx, "GET", "stages/all/", o.values(c), nil, p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// StagePages returns a PageFunc over ListStages with fixed options.
func (c *Client) StagePages(o ListStagesOptions) PageFunc[Stage] {
	return func(ctx context.Context, page, size int) (*Page[Stage], error) {
		o := o
		o.Page, o.PageSize = page, size
		return c.ListStages(ctx, o)
	}
}

// GetStage fetches one stage. GET /api/v3/stages/all/{stage_uuid}/
func (c *Client) GetStage(ctx context.Context, pk string) (*Stage, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var st Stage
	if err := c.do(ctx, "GET", "stages/all/"+s+"/", nil, nil, &st, nil); err != nil {
		return nil, err
	}
	return &st, nil
}

// ListStageUsedBy lists the objects a delete of the stage would affect.
// GET /api/v3/stages/all/{stage_uuid}/used_by/
func (c *Client) ListStageUsedBy(ctx context.Context, pk string) ([]UsedBy, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	return c.usedBy(ctx, "stages/all/"+s+"/used_by/")
}

// StageType is one stage type that can be created (authentik's TypeCreate).
// Deprecated is absent before 2026.
type StageType struct {
	Name               string `json:"name"`
	Description        string `json:"description"`
	Component          string `json:"component"`
	ModelName          string `json:"model_name"`
	IconURL            string `json:"icon_url"`
	RequiresEnterprise bool   `json:"requires_enterprise"`
	Deprecated         bool   `json:"deprecated"`
}

type stageTypeList []StageType

func (l *stageTypeList) validate() error {
	if *l == nil {
		return errors.New("types is not a list")
	}
	for i, t := range *l {
		if t.ModelName == "" || t.Name == "" {
			return fmt.Errorf("types[%d] without name or model_name", i)
		}
	}
	return nil
}

// ListStageTypes lists the stage types, sorted by name (not paginated).
// GET /api/v3/stages/all/types/
func (c *Client) ListStageTypes(ctx context.Context) ([]StageType, error) {
	var l stageTypeList
	if err := c.do(ctx, "GET", "stages/all/types/", nil, nil, &l, nil); err != nil {
		return nil, err
	}
	return l, nil
}
