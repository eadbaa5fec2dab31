package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// stageResolvers gives the stage types of package model (whose fields are
// methods) the request's loaders.
type stageResolvers struct{}

func init() { model.Resolvers = stageResolvers{} }

// Flows is built from the stage's flow_set; only fields flow_set lacks load
// the full flows (batched).
func (stageResolvers) Flows(ctx context.Context, s *model.StageBase) ([]*model.Flow, error) {
	// A stage met again (as every binding to it shows it) answers the
	// same flows: made once per request.
	if len(s.FlowSet) == 0 {
		return []*model.Flow{}, nil
	}
	l, ok := loader.From(ctx)
	if !ok {
		return flowsOf(s), nil
	}
	// The key is the flow_set's array, which the request's upstream stage
	// holds.
	k := &s.FlowSet[0]
	if v, ok := l.Models.Load(k); ok && len(v.(*stageFlows).set) == len(s.FlowSet) {
		return v.(*stageFlows).flows, nil
	}
	out := flowsOf(s)
	l.Models.Store(k, &stageFlows{s.FlowSet, out})
	return out, nil
}

// stageFlows is a flow_set's flows among the request's models.
type stageFlows struct {
	set   []*upstream.FlowSet
	flows []*model.Flow
}

// flowsOf is a stage's flows, by slug.
func flowsOf(s *model.StageBase) []*model.Flow {
	out := make([]*model.Flow, len(s.FlowSet))
	for i := range s.FlowSet {
		out[i] = model.FlowFromFlowSet(s.FlowSet[i])
	}
	slices.SortFunc(out, func(a, b *model.Flow) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

func (stageResolvers) Bindings(ctx context.Context, s *model.StageBase) ([]*model.FlowStageBinding, error) {
	items, err := loader.For(ctx).BindingsByStage.Load(ctx, s.PK)()
	if err != nil {
		return nil, err
	}
	return bindingsOf(items, nil), nil
}

func (stageResolvers) UsedBy(ctx context.Context, s *model.StageBase) ([]*model.UsedBy, error) {
	us, err := loader.For(ctx).UsedByStage().Load(ctx, s.PK)
	if err != nil {
		return nil, err
	}
	return model.UsedByFromUpstream(us), nil
}

// errNoSettings is returned for a type without settings of its own; the
// schema gives such types no settings fields, so it is never seen.
var errNoSettings = errors.New("stage type has no settings")

// Settings loads the stage's settings from its type's endpoint: one
// request per type a request meets (see loader.Settings).
func (stageResolvers) Settings(ctx context.Context, s *model.StageBase) (*upstream.StageSettings, error) {
	k, ok := upstream.KindOf(s.Component)
	if !ok || !k.Settings {
		return nil, errNoSettings
	}
	return loader.For(ctx).Settings(k.Endpoint).Load(ctx, strings.ToLower(s.PK))()
}

// Flow resolves a reference; a flow the caller may not see is null.
func (stageResolvers) Flow(ctx context.Context, pk string) (*model.Flow, error) {
	f, err := loader.For(ctx).FlowByPK.Load(ctx, strings.ToLower(pk))()
	if err != nil {
		_, err = nullIfNotFound[upstream.Flow](nil, err)
		return nil, err
	}
	return model.FlowFromUpstream(f), nil
}

// Stage resolves a reference; a stage the caller may not see is null.
func (stageResolvers) Stage(ctx context.Context, pk string) (model.Stage, error) {
	s, err := loader.For(ctx).StageByPK.Load(ctx, strings.ToLower(pk))()
	if err != nil {
		_, err = nullIfNotFound[upstream.Stage](nil, err)
		return nil, err
	}
	return model.StageFromUpstream(s), nil
}

// Stages resolves a list of references, in the list's order, leaving out
// stages the caller may not see.
func (r stageResolvers) Stages(ctx context.Context, pks []string) ([]model.Stage, error) {
	keys := make([]string, len(pks))
	for i, pk := range pks {
		keys[i] = strings.ToLower(pk)
	}
	ss, errs := loader.For(ctx).StageByPK.LoadMany(ctx, keys)()
	out := make([]model.Stage, 0, len(ss))
	for i, s := range ss {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], upstream.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, model.StageFromUpstream(s))
	}
	return out, nil
}

// Prompts resolves a prompt stage's fields, leaving out prompts the caller
// may not see.
func (stageResolvers) Prompts(ctx context.Context, pks []string) ([]*model.Prompt, error) {
	keys := make([]string, len(pks))
	for i, pk := range pks {
		keys[i] = strings.ToLower(pk)
	}
	ps, errs := loader.For(ctx).PromptByPK().LoadMany(ctx, keys)()
	out := make([]*model.Prompt, 0, len(ps))
	for i, p := range ps {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], upstream.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, model.PromptFromUpstream(p))
	}
	return out, nil
}
