package graph

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Argument checks: every check of a query's or a mutation's arguments, run
// before any upstream request. Queries refuse the first bad argument
// (badInput); mutations collect every bad field of their input
// (fieldErrors). Paging arguments (first, after) are in connection.go.

// Limits on arguments. Each is checked before any upstream request.
const (
	maxSlugLen   = 255
	maxSearchLen = 256
	maxNameLen   = 512
)

var (
	// slugPattern is authentik's own slug rule (FlowRequest.slug).
	slugPattern = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// badInput is a BAD_USER_INPUT error about one argument: the message
// states the problem and extensions.fields holds it under the argument's
// path, in the shape mutations use (inputError).
func badInput(arg, format string, a ...any) *gqlerror.Error {
	msg := fmt.Sprintf(format, a...)
	return inputError(msg, map[string][]string{arg: {msg}}, nil)
}

// inputError is the one shape of BAD_USER_INPUT, on queries and mutations
// alike: message states the first problem (a client that shows only the
// message shows something useful), extensions.fields maps argument paths
// ("first", "filter.flowPk", "input.slug") to messages and
// extensions.nonFieldErrors lists problems of the input as a whole.
func inputError(message string, fields map[string][]string, nonField []string) *gqlerror.Error {
	if fields == nil {
		fields = map[string][]string{}
	}
	return &gqlerror.Error{
		Message: message,
		Extensions: map[string]any{
			"code":           CodeBadUserInput,
			"fields":         fields,
			"nonFieldErrors": nonNil(nonField),
		},
	}
}

// firstProblem is the message of a BAD_USER_INPUT error with these fields:
// the first non-field error, else the first message of the first path in
// lexical order, prefixed with its path.
func firstProblem(fields map[string][]string, nonField []string) string {
	if len(nonField) > 0 {
		return nonField[0]
	}
	paths := make([]string, 0, len(fields))
	for p, msgs := range fields {
		if len(msgs) > 0 {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return "invalid input"
	}
	slices.Sort(paths)
	return paths[0] + ": " + fields[paths[0]][0]
}

func checkSlug(arg, s string) error {
	if len(s) > maxSlugLen {
		return badInput(arg, "%s is longer than %d characters", arg, maxSlugLen)
	}
	if !slugPattern.MatchString(s) {
		return badInput(arg, "%s must match ^[-a-zA-Z0-9_]+$ (letters, digits, '-' and '_')", arg)
	}
	return nil
}

// normalizeUUID checks a uuid argument and returns it in lower case, the
// form authentik renders, so loader keys deduplicate.
func normalizeUUID(arg, s string) (string, error) {
	if !uuidPattern.MatchString(s) {
		return "", badInput(arg, "%s must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6", arg)
	}
	return strings.ToLower(s), nil
}

func checkText(arg string, s *string, limit int) (string, error) {
	if s == nil {
		return "", nil
	}
	if len(*s) > limit {
		return "", badInput(arg, "%s is longer than %d characters", arg, limit)
	}
	if strings.ContainsRune(*s, 0) {
		return "", badInput(arg, "%s must not contain NUL characters", arg)
	}
	return *s, nil
}

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
	return inputError(firstProblem(e.fields, e.nonField), e.fields, e.nonField)
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

// bindingFilter checks a binding filter and maps it to authentik's
// parameters. A flowSlug is resolved to the flow's uuid first (authentik
// filters bindings by flow uuid only).
func (r *queryResolver) bindingFilter(ctx context.Context, o upstream.ListBindingsOptions, f *model.FlowStageBindingFilter) (upstream.ListBindingsOptions, error) {
	var err error
	if f.PK != nil {
		if o.FSBUUID, err = normalizeUUID("filter.pk", *f.PK); err != nil {
			return o, err
		}
	}
	if f.FlowPK != nil {
		if o.Target, err = normalizeUUID("filter.flowPk", *f.FlowPK); err != nil {
			return o, err
		}
	}
	if f.PolicyBindingModelPK != nil {
		if o.PBMUUID, err = normalizeUUID("filter.policyBindingModelPk", *f.PolicyBindingModelPK); err != nil {
			return o, err
		}
	}
	if f.StagePK != nil {
		if o.Stage, err = normalizeUUID("filter.stagePk", *f.StagePK); err != nil {
			return o, err
		}
	}
	for _, p := range f.PolicyIds {
		id, err := normalizeUUID("filter.policyIds", p)
		if err != nil {
			return o, err
		}
		o.Policies = append(o.Policies, id)
	}
	if len(o.Policies) > MaxFirst {
		return o, badInput("filter.policyIds", "filter.policyIds takes at most %d ids", MaxFirst)
	}
	if f.Order != nil && (*f.Order < math.MinInt32 || *f.Order > math.MaxInt32) {
		return o, badInput("filter.order", "filter.order must be a 32-bit integer")
	}
	o.Order = f.Order
	o.EvaluateOnPlan = f.EvaluateOnPlan
	o.ReEvaluatePolicies = f.ReEvaluatePolicies
	if f.PolicyEngineMode != nil {
		o.PolicyEngineMode = model.EnumToUpstream(*f.PolicyEngineMode)
	}
	if f.InvalidResponseAction != nil {
		o.InvalidResponseAction = model.EnumToUpstream(*f.InvalidResponseAction)
	}
	if f.FlowSlug != nil {
		if err := checkSlug("filter.flowSlug", *f.FlowSlug); err != nil {
			return o, err
		}
		flow, err := loader.For(ctx).FlowBySlug.Load(ctx, *f.FlowSlug)()
		if errors.Is(err, upstream.ErrNotFound) {
			return o, badInput("filter.flowSlug", "no flow has the slug %q", *f.FlowSlug)
		}
		if err != nil {
			return o, err
		}
		if o.Target != "" && o.Target != flow.PK {
			return o, badInput("filter.flowSlug", "filter.flowSlug and filter.flowPk name different flows")
		}
		o.Target = flow.PK
	}
	return o, nil
}
