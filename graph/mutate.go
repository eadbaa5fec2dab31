package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

func enumPtr[T ~string](v *T) *string {
	if v == nil {
		return nil
	}
	s := model.EnumToUpstream(*v)
	return &s
}

// flowRequest checks a flow's fields and builds authentik's request body.
func flowRequest(e *fieldErrors, name, slug, title *string, designation *model.FlowDesignation, background *string,
	pem *model.PolicyEngineMode, compat *bool, layout *model.FlowLayout, denied *model.DeniedAction, auth *model.FlowAuthentication,
) upstream.FlowRequest {
	e.text(inputPrefix+"name", name)
	e.slug(inputPrefix+"slug", slug)
	e.text(inputPrefix+"title", title)
	if background != nil && strings.ContainsRune(*background, 0) {
		e.add(inputPrefix+"background", msgNullChars)
	}
	return upstream.FlowRequest{
		Name: name, Slug: slug, Title: title, Designation: enumPtr(designation), Background: background,
		PolicyEngineMode: enumPtr(pem), CompatibilityMode: compat, Layout: enumPtr(layout),
		DeniedAction: enumPtr(denied), Authentication: enumPtr(auth),
	}
}

// flowInputError maps authentik's 400 on a flow write to input fields.
func flowInputError(err error) error {
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.StatusCode == http.StatusBadRequest {
		return &InputError{Err: ue, Prefix: inputPrefix}
	}
	return err
}

// bindingRef is how the input named the binding's flow: the path of the
// field that named it, for error messages.
type bindingRef struct {
	flowPath string
	flowSlug *string
}

// bindingRequest checks a binding's fields and builds authentik's request
// body. A flowSlug is resolved later (resolveFlowSlug).
func bindingRequest(e *fieldErrors, flowPk, flowSlug, stagePk *string, order *int, eop, rep *bool,
	pem *model.PolicyEngineMode, ira *model.InvalidResponseAction, create bool,
) (upstream.BindingRequest, bindingRef) {
	ref := bindingRef{flowPath: inputPrefix + "flowPk"}
	switch {
	case flowPk != nil && flowSlug != nil:
		e.nonField = append(e.nonField, msgFlowRef)
	case flowPk == nil && flowSlug == nil && create:
		e.nonField = append(e.nonField, msgFlowRef)
	case flowSlug != nil:
		ref = bindingRef{flowPath: inputPrefix + "flowSlug", flowSlug: flowSlug}
		e.lookupSlug(ref.flowPath, *flowSlug)
	}
	req := upstream.BindingRequest{
		Target:                e.uuid(inputPrefix+"flowPk", flowPk),
		Stage:                 e.uuid(inputPrefix+"stagePk", stagePk),
		EvaluateOnPlan:        eop,
		ReEvaluatePolicies:    rep,
		Order:                 order,
		PolicyEngineMode:      enumPtr(pem),
		InvalidResponseAction: enumPtr(ira),
	}
	e.order(inputPrefix+"order", order)
	return req, ref
}

// resolveFlowSlug turns the input's flowSlug into the flow's uuid, which is
// what authentik takes. An unknown slug is the input's fault.
func resolveFlowSlug(ctx context.Context, req *upstream.BindingRequest, ref bindingRef) error {
	if ref.flowSlug == nil {
		return nil
	}
	f, err := loader.For(ctx).FlowBySlug.Load(ctx, *ref.flowSlug)()
	if errors.Is(err, upstream.ErrNotFound) {
		var e fieldErrors
		e.add(ref.flowPath, msgNoSlug)
		return e.err()
	}
	if err != nil {
		return err
	}
	req.Target = &f.PK
	return nil
}

// bindingInputError maps authentik's 400 on a binding write to input fields.
func bindingInputError(err error, ref bindingRef) error {
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.StatusCode == http.StatusBadRequest {
		return &InputError{Err: ue, Prefix: inputPrefix, Rename: map[string]string{
			"target": ref.flowPath, "stage": inputPrefix + "stagePk",
		}}
	}
	return err
}

// afterWrite forgets what the request has loaded, so that everything read
// after a write (or a write that may have been applied: a timeout, a 5xx)
// comes from authentik again.
func afterWrite(ctx context.Context) *loader.Loaders {
	l := loader.For(ctx)
	l.Invalidate()
	return l
}

// flowAfterWrite is a flow whose fields only a full flow has (cacheCount,
// ...) load afresh: authentik changed them with the write (a binding write
// drops the flow's cached plans).
func flowAfterWrite(f *upstream.Flow) *model.Flow {
	m := model.FlowFromUpstream(f)
	m.Full = nil
	return m
}
