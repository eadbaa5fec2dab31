package model

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestStrictScalars(t *testing.T) {
	okString := []any{"", "x", "42"}
	badString := []any{nil, 42, int64(42), json.Number("42"), 4.2, true, []any{"x"}, map[string]any{"a": "b"}}
	// Whole numbers beyond 32 bits pass the scalar: each argument checks its
	// own range (first 0-100, order int32) and reports it in the shape a form
	// reads (extensions.fields), together with the other input errors.
	okInt := map[any]int{0: 0, 7: 7, int64(-3): -3, int32(100): 100, json.Number("2147483647"): 2147483647,
		json.Number("2147483648"): 2147483648, int64(-2147483649): -2147483649}
	badInt := []any{nil, "1", "x", 1.5, json.Number("1.0"), json.Number("1e3"), json.Number("99999999999999999999"), true, []any{1}}
	for _, v := range okString {
		if s, err := UnmarshalString(v); err != nil || s != v {
			t.Errorf("UnmarshalString(%#v) = %q, %v", v, s, err)
		}
	}
	for _, v := range badString {
		_, err := UnmarshalString(v)
		checkBadInput(t, "UnmarshalString", v, err)
	}
	for v, want := range okInt {
		if n, err := UnmarshalInt(v); err != nil || n != want {
			t.Errorf("UnmarshalInt(%#v) = %d, %v", v, n, err)
		}
	}
	for _, v := range badInt {
		_, err := UnmarshalInt(v)
		checkBadInput(t, "UnmarshalInt", v, err)
	}
}

func checkBadInput(t *testing.T, fn string, v any, err error) {
	t.Helper()
	var ge *gqlerror.Error
	if !errors.As(err, &ge) || ge.Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("%s(%#v) = %v, want a BAD_USER_INPUT error", fn, v, err)
	}
}
