package model

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// gqlgen's built-in String and Int coerce input loosely: a JSON number
// becomes a String ("42"), a numeric string an Int. The GraphQL spec says
// input coercion must refuse other types; these scalars do, with the code
// BAD_USER_INPUT. gqlgen.yml maps String and Int here.

// MarshalString writes a String.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString accepts only a string.
func UnmarshalString(v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", wrongType("String", v)
}

// MarshalInt writes an Int.
func MarshalInt(n int) graphql.Marshaler { return graphql.MarshalInt(n) }

// UnmarshalInt accepts only a whole number. The 32-bit range of the spec's
// Int is checked where each argument is validated (first, order, ...), so a
// form gets its range error in the same extensions.fields shape as every
// other input error, together with the rest, rather than one early
// coercion error without a field.
func UnmarshalInt(v any) (int, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	case int64:
		n = x
	case json.Number:
		var err error
		if n, err = strconv.ParseInt(string(x), 10, 64); err != nil {
			return 0, wrongType("Int", v)
		}
	default:
		return 0, wrongType("Int", v)
	}
	return int(n), nil
}

func wrongType(want string, v any) error {
	got := "a " + fmt.Sprintf("%T", v)
	switch v.(type) {
	case nil:
		got = "null"
	case string:
		got = "a string"
	case bool:
		got = "a boolean"
	case int, int32, int64, float64, json.Number:
		got = "a number"
	case []any:
		got = "a list"
	case map[string]any:
		got = "an object"
	}
	return &gqlerror.Error{
		Message:    fmt.Sprintf("%s cannot represent %s", want, got),
		Extensions: map[string]any{"code": "BAD_USER_INPUT"},
	}
}
