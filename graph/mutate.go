package graph

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"unicode"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Mutations report invalid input in one shape, whether the gateway found it
// before any upstream call or authentik did: BAD_USER_INPUT with
// extensions.fields (argument path -> messages) and
// extensions.nonFieldErrors. Paths are written as in the call:
// "input.slug", "input.evaluateOnPlan", "bindingPks", "slug". The gateway's
// own messages reuse authentik's wording where authentik has a rule, so a
// form shows the same text whichever side caught the mistake.
const (
	msgBlank     = "This field may not be blank."
	msgNullChars = "Null characters are not allowed."
	msgSlug      = `Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.`
	msgOrderMax  = "Ensure this value is less than or equal to 2147483647."
	msgOrderMin  = "Ensure this value is greater than or equal to -2147483648."
	msgFlowRef   = "Give exactly one of flowPk and flowSlug."
	msgNoSlug    = "No flow has this slug."
)

// inputPrefix is the argument path of a mutation's input object.
const inputPrefix = "input."

// fieldErrors collects a mutation's input errors before any upstream call.
type fieldErrors struct {
	fields   map[string][]string
	nonField []string
}

func (e *fieldErrors) add(path, msg string) {
	if e.fields == nil {
		e.fields = map[string][]string{}
	}
	e.fields[path] = append(e.fields[path], msg)
}

// err returns the collected errors as one BAD_USER_INPUT error, or nil.
func (e *fieldErrors) err() error {
	if len(e.fields) == 0 && len(e.nonField) == 0 {
		return nil
	}
	fields := e.fields
	if fields == nil {
		fields = map[string][]string{}
	}
	return &gqlerror.Error{
		Message: "invalid input",
		Extensions: map[string]any{
			"code":           CodeBadUserInput,
			"fields":         fields,
			"nonFieldErrors": nonNil(e.nonField),
		},
	}
}

// text checks a required text field as authentik's CharField does
// (whitespace is trimmed, blank is refused). nil is "not given".
func (e *fieldErrors) text(path string, s *string) {
	if s == nil {
		return
	}
	if strings.ContainsRune(*s, 0) {
		e.add(path, msgNullChars)
		return
	}
	if strings.TrimFunc(*s, unicode.IsSpace) == "" {
		e.add(path, msgBlank)
	}
}

// slug checks a slug given as a value (authentik trims it first).
func (e *fieldErrors) slug(path string, s *string) {
	if s == nil {
		return
	}
	e.text(path, s)
	if t := strings.TrimFunc(*s, unicode.IsSpace); t != "" && !slugPattern.MatchString(t) {
		e.add(path, msgSlug)
	}
}

// lookupSlug checks a slug that names an object in a URL: it must be a
// slug as it stands.
func (e *fieldErrors) lookupSlug(path, s string) {
	if !slugPattern.MatchString(s) || len(s) > maxSlugLen {
		e.add(path, msgSlug)
	}
}

// uuid checks and normalizes a uuid; nil is "not given".
func (e *fieldErrors) uuid(path string, s *string) *string {
	if s == nil {
		return nil
	}
	if !uuidPattern.MatchString(*s) {
		e.add(path, "“"+truncateRunes(*s, 64)+"” is not a valid UUID.")
		return nil
	}
	v := strings.ToLower(*s)
	return &v
}

// order checks authentik's 32-bit range for a binding's order.
func (e *fieldErrors) order(path string, n *int) {
	switch {
	case n == nil:
	case *n > math.MaxInt32:
		e.add(path, msgOrderMax)
	case *n < math.MinInt32:
		e.add(path, msgOrderMin)
	}
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

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
