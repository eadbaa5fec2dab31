package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// maxReorder bounds bindingPks (authentik's admin UI shows 20 per page).
const maxReorder = 1000

// reorderStep is one PATCH of a reorder.
type reorderStep struct {
	pk    string
	order int
}

// planReorder returns the writes that give want[i] the order 10*(i+1),
// writing only bindings whose order changes, in an order that never breaks
// authentik's unique (target, stage, order): a binding moves only onto an
// order no other binding of the same stage holds at that moment. When the
// same stage is bound twice and the two must swap, no such move exists; one
// of them is then parked first on a free order after the flow's last one.
func planReorder(current []upstream.FlowStageBinding, want []string) []reorderStep {
	cur := make(map[string]int, len(current))
	stage := make(map[string]string, len(current))
	hi, lo := 0, 0
	for _, b := range current {
		cur[b.PK], stage[b.PK] = b.Order, b.Stage
		hi, lo = max(hi, b.Order), min(lo, b.Order)
	}
	target := make(map[string]int, len(want))
	var pending []string
	for i, pk := range want {
		target[pk] = 10 * (i + 1)
		if cur[pk] != target[pk] {
			pending = append(pending, pk)
		}
	}
	hi = max(hi, 10*len(want))
	taken := func(pk string, order int) bool {
		for other, o := range cur {
			if o == order && other != pk && stage[other] == stage[pk] {
				return true
			}
		}
		return false
	}
	var steps []reorderStep
	for len(pending) > 0 {
		i := slices.IndexFunc(pending, func(pk string) bool { return !taken(pk, target[pk]) })
		if i >= 0 {
			pk := pending[i]
			steps = append(steps, reorderStep{pk, target[pk]})
			cur[pk] = target[pk]
			pending = slices.Delete(pending, i, i+1)
			continue
		}
		pk := pending[0]
		park := hi + 1
		for park <= math.MaxInt32 && taken(pk, park) {
			park++
		}
		if park > math.MaxInt32 { // the flow already ends at the int32 limit
			park = lo - 1
			for taken(pk, park) {
				park--
			}
			lo = park
		} else {
			hi = park
		}
		steps = append(steps, reorderStep{pk, park})
		cur[pk] = park
	}
	return steps
}

// reorder checks the request, then writes the orders one binding at a time.
func (r *mutationResolver) reorder(ctx context.Context, flowSlug string, bindingPks []string) (*model.Flow, error) {
	var e fieldErrors
	e.lookupSlug("flowSlug", flowSlug)
	want := checkBindingList(&e, bindingPks)
	if err := e.err(); err != nil {
		return nil, err
	}
	// Read afresh, not from the request's cache: the writes depend on it.
	flow, err := r.Upstream.GetFlow(ctx, flowSlug)
	if err != nil {
		return nil, err
	}
	current, err := r.flowBindings(ctx, flow.PK)
	if err != nil {
		return nil, err
	}
	if msgs := sameBindings(want, current); len(msgs) > 0 {
		for _, m := range msgs {
			e.add("bindingPks", m)
		}
		return nil, e.err()
	}
	steps := planReorder(current, want)
	l := loader.For(ctx)
	if len(steps) == 0 {
		l.PrimeFlow(ctx, flow)
		l.PrimeFlowBindings(ctx, flow.PK, pointers(current))
		return model.FlowFromUpstream(flow), nil
	}
	written := map[string]*upstream.FlowStageBinding{}
	for _, s := range steps {
		order := s.order
		b, err := r.Upstream.UpdateBinding(ctx, s.pk, upstream.BindingRequest{Order: &order})
		if err != nil {
			afterWrite(ctx)
			return r.reorderFailed(ctx, flow, want, written, s.pk, err)
		}
		written[s.pk] = b
	}
	afterWrite(ctx)
	// The flow's bindings now: the PATCH answers for the written ones, the
	// first read for the rest.
	final := make([]*upstream.FlowStageBinding, len(current))
	for i := range current {
		final[i] = &current[i]
		if b, ok := written[current[i].PK]; ok {
			final[i] = b
		}
	}
	l.PrimeFlowBindings(ctx, flow.PK, final)
	return flowAfterWrite(flow), nil
}

// reorderFailed re-reads the flow's bindings after a failed write and
// reports what was and was not changed. The flow, with the bindings as
// re-read, is still the field's value; the error goes alongside.
func (r *mutationResolver) reorderFailed(ctx context.Context, flow *upstream.Flow, want []string,
	written map[string]*upstream.FlowStageBinding, failed string, stepErr error,
) (*model.Flow, error) {
	re := &ReorderError{Err: stepErr, Failed: failed, Changed: []string{}, Unchanged: []string{}}
	for _, pk := range want {
		switch _, ok := written[pk]; {
		case ok:
			re.Changed = append(re.Changed, pk)
		case pk != failed:
			re.Unchanged = append(re.Unchanged, pk)
		}
	}
	bs, err := r.flowBindings(ctx, flow.PK)
	if err != nil {
		re.ReReadErr = err
		return nil, re
	}
	loader.For(ctx).PrimeFlowBindings(ctx, flow.PK, pointers(bs))
	graphql.AddError(ctx, graphql.AddFieldLocationToError(ctx, re))
	return flowAfterWrite(flow), nil
}

// flowBindings reads a flow's bindings from authentik, every page.
// GET /flows/bindings/?target=<pk>
func (r *mutationResolver) flowBindings(ctx context.Context, flowPK string) ([]upstream.FlowStageBinding, error) {
	return upstream.All(ctx, r.Upstream, r.Upstream.BindingPages(upstream.ListBindingsOptions{
		Target: flowPK, ListOptions: upstream.ListOptions{Ordering: "order,pk"},
	}))
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// checkBindingList checks bindingPks: uuids, each once, at most maxReorder.
func checkBindingList(e *fieldErrors, pks []string) []string {
	if len(pks) > maxReorder {
		e.add("bindingPks", fmt.Sprintf("Give at most %d bindings.", maxReorder))
		return nil
	}
	out := make([]string, 0, len(pks))
	seen := map[string]bool{}
	for _, pk := range pks {
		id := e.uuid("bindingPks", &pk)
		if id == nil {
			continue
		}
		if seen[*id] {
			e.add("bindingPks", "Binding "+*id+" is named more than once.")
			continue
		}
		seen[*id] = true
		out = append(out, *id)
	}
	return out
}

// sameBindings explains how want differs from the flow's bindings.
func sameBindings(want []string, current []upstream.FlowStageBinding) []string {
	have := make(map[string]bool, len(current))
	for _, b := range current {
		have[b.PK] = true
	}
	var missing, extra []string
	for _, pk := range want {
		if !have[pk] {
			extra = append(extra, pk)
		}
		delete(have, pk)
	}
	for _, b := range current {
		if have[b.PK] {
			missing = append(missing, b.PK)
		}
	}
	var msgs []string
	if len(extra) > 0 {
		msgs = append(msgs, "Not bindings of this flow: "+strings.Join(extra, ", ")+".")
	}
	if len(missing) > 0 {
		msgs = append(msgs, fmt.Sprintf("Bindings of this flow missing from the list (it must name all %d): %s.", len(current), strings.Join(missing, ", ")))
	}
	return msgs
}

// ReorderError reports a reorder that stopped at a failed write. Err is that
// write's error and decides the code; the lists say which bindings the
// gateway changed. A binding parked on a temporary order counts as changed
// (and may also be Failed, if its final write failed).
type ReorderError struct {
	Err       error
	Changed   []string
	Unchanged []string
	Failed    string
	// ReReadErr is set when re-reading the flow's bindings failed too: their
	// current order is then unknown.
	ReReadErr error
}

func (e *ReorderError) Error() string {
	s := fmt.Sprintf("reorder: writing binding %s: %v (changed %v)", e.Failed, e.Err, e.Changed)
	if e.ReReadErr != nil {
		s += fmt.Sprintf("; re-read: %v", e.ReReadErr)
	}
	return s
}

func (e *ReorderError) Unwrap() error { return e.Err }

// classifyReorder presents a ReorderError: the failed write's code, and
// what was changed.
func classifyReorder(re *ReorderError) (code, msg string, ext map[string]any) {
	code, stepMsg, stepExt := classify(re.Err)
	ext = map[string]any{}
	for k, v := range stepExt {
		ext[k] = v
	}
	ext["changedBindingPks"] = re.Changed
	ext["unchangedBindingPks"] = re.Unchanged
	ext["failedBindingPk"] = re.Failed
	ext["reReadFailed"] = re.ReReadErr != nil
	msg = fmt.Sprintf("reordering stopped: writing binding %s failed (%s); %d binding(s) were changed before that",
		re.Failed, stepMsg, len(re.Changed))
	if re.ReReadErr != nil {
		_, reMsg, _ := classify(re.ReReadErr)
		msg += fmt.Sprintf(", and re-reading the flow's bindings failed too (%s), so their current order is unknown", reMsg)
	} else {
		msg += "; the flow's bindings are shown as re-read from authentik"
	}
	return code, msg, ext
}
