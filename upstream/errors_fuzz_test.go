package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// FuzzDecodeError feeds decodeError any status and body. It must never
// panic, must take Detail, Fields and NonFieldErrors only from a JSON object
// (never raw body bytes: an HTML page or junk leaves them empty), and the
// sentinels must agree with the status: exactly the documented mapping.
// Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := decodeError("GET", "flows/instances/", status, body)
		if e.StatusCode != status || e.Method != http.MethodGet || e.Path != "flows/instances/" {
			t.Fatalf("request fields: %+v", e)
		}
		msg := e.Error()
		prefix := fmt.Sprintf("upstream: GET flows/instances/: status %d", status)
		if !strings.HasPrefix(msg, prefix) {
			t.Fatalf("Error() = %q, want the prefix %q", msg, prefix)
		}

		var obj map[string]json.RawMessage
		isObject := json.Unmarshal(body, &obj) == nil && obj != nil
		if !isObject {
			if e.Detail != "" || e.Fields != nil || e.NonFieldErrors != nil || msg != prefix {
				t.Fatalf("a body that is not a JSON object filled the error: %+v (%q)", e, msg)
			}
		}
		if e.Detail != "" {
			var d string
			if err := json.Unmarshal(obj["detail"], &d); err != nil || d != e.Detail {
				t.Fatalf("Detail %q is not the body's detail string", e.Detail)
			}
		}
		for k, v := range e.Fields {
			if _, ok := obj[k]; !ok || len(v) == 0 || k == "detail" || k == "non_field_errors" || k == "code" {
				t.Fatalf("Fields[%q] = %q does not come from a field of the body", k, v)
			}
		}
		if e.NonFieldErrors != nil {
			if _, ok := obj["non_field_errors"]; !ok {
				t.Fatal("NonFieldErrors without non_field_errors in the body")
			}
		}

		is := func(target error) bool { return errors.Is(e, target) }
		credentials := slices.Contains(unauthenticatedDetails, e.Detail)
		checks := []struct {
			name      string
			got, want bool
		}{
			{"ErrNotFound or ErrInvalidPage", is(ErrNotFound) || is(ErrInvalidPage), status == 404},
			{"ErrNotFound and ErrInvalidPage", is(ErrNotFound) && is(ErrInvalidPage), false},
			{"ErrInvalidPage", is(ErrInvalidPage), status == 404 && e.Detail == "Invalid page."},
			{"ErrUnauthorized", is(ErrUnauthorized), status == 401 || (status == 403 && credentials)},
			{"ErrForbidden", is(ErrForbidden), status == 403 && !credentials},
			{"ErrBadRequest", is(ErrBadRequest), status == 400},
			{"ErrUnavailable", is(ErrUnavailable), status >= 500 || status == 429},
			{"ErrTimeout", is(ErrTimeout), false},
			{"ErrBadResponse", is(ErrBadResponse), false},
			{"ErrInvalidArgument", is(ErrInvalidArgument), false},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("status %d, detail %q: %s is %v, want %v", status, e.Detail, c.name, c.got, c.want)
			}
		}
		var target *Error
		if !errors.As(fmt.Errorf("wrapped: %w", e), &target) || target != e {
			t.Error("errors.As does not find the *Error through a wrap")
		}
	})
}
