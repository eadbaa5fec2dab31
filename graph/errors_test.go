package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/model"
	"flowgate/upstream"
)

func TestErrorPresenter(t *testing.T) {
	wrap := func(e error) error { return fmt.Errorf("upstream: GET flows/instances/: %w", e) }
	tests := []struct {
		name string
		err  error
		want *gqlerror.Error
	}{
		{"not found", &upstream.Error{StatusCode: 404, Detail: "No Flow matches the given query."},
			&gqlerror.Error{Message: "not found", Extensions: map[string]any{"code": "NOT_FOUND", "upstreamStatus": 404}}},
		{"no credentials", &upstream.Error{StatusCode: 403, Detail: "Authentication credentials were not provided."},
			&gqlerror.Error{Message: "authentication required", Extensions: map[string]any{"code": "UNAUTHENTICATED", "upstreamStatus": 403}}},
		{"bad token", &upstream.Error{StatusCode: 403, Detail: "Token invalid/expired"},
			&gqlerror.Error{Message: "invalid or expired token", Extensions: map[string]any{"code": "UNAUTHENTICATED", "upstreamStatus": 403}}},
		{"permission", &upstream.Error{StatusCode: 403, Detail: "You do not have permission to perform this action."},
			&gqlerror.Error{Message: "upstream denied access", Extensions: map[string]any{"code": "FORBIDDEN", "upstreamStatus": 403}}},
		{"5xx with html", &upstream.Error{StatusCode: 502},
			&gqlerror.Error{Message: "upstream unavailable", Extensions: map[string]any{"code": "UPSTREAM_UNAVAILABLE", "upstreamStatus": 502}}},
		{"400 on an internal call", &upstream.Error{StatusCode: 400, Fields: map[string][]string{"target": {"x"}}},
			&gqlerror.Error{Message: "upstream error (status 400)", Extensions: map[string]any{"code": "UPSTREAM_ERROR", "upstreamStatus": 400}}},
		{"400 on client input", &InputError{Err: &upstream.Error{StatusCode: 400, Fields: map[string][]string{"target": {"Select a valid choice."}, "evaluate_on_plan": {"bad"}}}, Rename: map[string]string{"target": "filter.flowPk"}},
			&gqlerror.Error{Message: "evaluateOnPlan: bad", Extensions: map[string]any{"code": "BAD_USER_INPUT", "upstreamStatus": 400,
				"fields": map[string][]string{"filter.flowPk": {"Select a valid choice."}, "evaluateOnPlan": {"bad"}}, "nonFieldErrors": []string{}}}},
		{"timeout", wrap(upstream.ErrTimeout),
			&gqlerror.Error{Message: "upstream timed out", Extensions: map[string]any{"code": "UPSTREAM_TIMEOUT"}}},
		{"deadline", context.DeadlineExceeded,
			&gqlerror.Error{Message: "upstream timed out", Extensions: map[string]any{"code": "UPSTREAM_TIMEOUT"}}},
		{"refused", wrap(upstream.ErrUnavailable),
			&gqlerror.Error{Message: "upstream unavailable", Extensions: map[string]any{"code": "UPSTREAM_UNAVAILABLE"}}},
		{"junk", wrap(upstream.ErrBadResponse),
			&gqlerror.Error{Message: "upstream returned a malformed response", Extensions: map[string]any{"code": "UPSTREAM_ERROR"}}},
		{"unknown enum", &model.UnknownEnumError{Type: "FlowDesignation", Value: "teleportation"},
			&gqlerror.Error{Message: `authentik returned FlowDesignation value "teleportation", which this gateway does not know`, Extensions: map[string]any{"code": "UPSTREAM_ERROR", "enum": "FlowDesignation"}}},
		{"bug", errors.New("nil map write at secret place"),
			&gqlerror.Error{Message: "internal error", Extensions: map[string]any{"code": "INTERNAL"}}},
		{"400 on a mutation input", &InputError{Err: &upstream.Error{StatusCode: 400, Fields: map[string][]string{"target": {"Invalid pk"}, "re_evaluate_policies": {"bad"}},
			NonFieldErrors: []string{"The fields target, stage, order must make a unique set."}}, Rename: map[string]string{"target": "input.flowSlug"}, Prefix: "input."},
			&gqlerror.Error{Message: "The fields target, stage, order must make a unique set.", Extensions: map[string]any{"code": "BAD_USER_INPUT", "upstreamStatus": 400,
				"fields":         map[string][]string{"input.flowSlug": {"Invalid pk"}, "input.reEvaluatePolicies": {"bad"}},
				"nonFieldErrors": []string{"The fields target, stage, order must make a unique set."}}}},
		{"gateway's own input check, same shape", func() error {
			var e fieldErrors
			e.add("input.slug", msgSlug)
			e.nonField = append(e.nonField, msgFlowRef)
			return e.err()
		}(), &gqlerror.Error{Message: msgFlowRef, Extensions: map[string]any{"code": "BAD_USER_INPUT",
			"fields": map[string][]string{"input.slug": {msgSlug}}, "nonFieldErrors": []string{msgFlowRef}}}},
		{"reorder stopped midway", &ReorderError{Err: &upstream.Error{StatusCode: 503}, Changed: []string{"a"}, Unchanged: []string{}, Failed: "b"},
			&gqlerror.Error{Message: "reordering stopped: writing binding b failed (upstream unavailable); 1 binding(s) were changed before that; the flow's bindings are shown as re-read from authentik",
				Extensions: map[string]any{"code": "UPSTREAM_UNAVAILABLE", "upstreamStatus": 503, "changedBindingPks": []string{"a"},
					"unchangedBindingPks": []string{}, "failedBindingPk": "b", "reReadFailed": false}}},
		{"reorder stopped, re-read failed", &ReorderError{Err: wrap(upstream.ErrTimeout), Changed: []string{}, Unchanged: []string{"a"}, Failed: "b", ReReadErr: wrap(upstream.ErrTimeout)},
			&gqlerror.Error{Message: "reordering stopped: writing binding b failed (upstream timed out); 0 binding(s) were changed before that, and re-reading the flow's bindings failed too (upstream timed out), so their current order is unknown",
				Extensions: map[string]any{"code": "UPSTREAM_TIMEOUT", "changedBindingPks": []string{},
					"unchangedBindingPks": []string{"a"}, "failedBindingPk": "b", "reReadFailed": true}}},
		{"own bad input kept", badInput("slug", "slug must match"),
			&gqlerror.Error{Message: "slug must match", Extensions: map[string]any{"code": "BAD_USER_INPUT",
				"fields": map[string][]string{"slug": {"slug must match"}}, "nonFieldErrors": []string{}}}},
		{"fields only: the first path in order", func() error {
			var e fieldErrors
			e.add("input.slug", msgSlug)
			e.add("input.name", msgBlank)
			return e.err()
		}(), &gqlerror.Error{Message: "input.name: " + msgBlank, Extensions: map[string]any{"code": "BAD_USER_INPUT",
			"fields": map[string][]string{"input.slug": {msgSlug}, "input.name": {msgBlank}}, "nonFieldErrors": []string{}}}},
		{"a scalar's coercion error gets the shape", &gqlerror.Error{Message: "Int cannot represent a string", Extensions: map[string]any{"code": "BAD_USER_INPUT"}},
			&gqlerror.Error{Message: "Int cannot represent a string", Extensions: map[string]any{"code": "BAD_USER_INPUT",
				"fields": map[string][]string{}, "nonFieldErrors": []string{"Int cannot represent a string"}}}},
		{"two operations, no operationName", &gqlerror.Error{Message: "operation  not found", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}},
			&gqlerror.Error{Message: "the document has several operations: set operationName to the one to run", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}},
		{"unknown operationName", &gqlerror.Error{Message: "operation nope not found", Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}},
			&gqlerror.Error{Message: `the document has no operation named "nope": set operationName to one of its operations`, Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}},
	}
	present := ErrorPresenter(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := present(context.Background(), tt.err)
			if got.Message != tt.want.Message {
				t.Errorf("message = %q, want %q", got.Message, tt.want.Message)
			}
			if diff := cmp.Diff(tt.want.Extensions, got.Extensions); diff != "" {
				t.Errorf("extensions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCamel(t *testing.T) {
	for in, want := range map[string]string{"slug": "slug", "re_evaluate_policies": "reEvaluatePolicies", "policy_engine_mode": "policyEngineMode", "a__b": "aB"} {
		if got := camel(in); got != want {
			t.Errorf("camel(%q) = %q, want %q", in, got, want)
		}
	}
}
