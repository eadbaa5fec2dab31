package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Sentinel errors. An *Error matches them with errors.Is, so callers never
// compare status codes themselves.
var (
	// ErrNotFound matches a 404 for a missing object (not an out-of-range page).
	ErrNotFound = errors.New("upstream: not found")
	// ErrUnauthorized matches authentik's 403 for missing or invalid
	// credentials (authentik never sends 401, but a 401 matches too).
	ErrUnauthorized = errors.New("upstream: not authenticated")
	// ErrForbidden matches a 403 for an authenticated caller without permission.
	ErrForbidden = errors.New("upstream: forbidden")
	// ErrInvalidPage matches authentik's 404 {"detail":"Invalid page."} on list calls.
	ErrInvalidPage = errors.New("upstream: invalid page")
	// ErrBadRequest matches a 400 validation error.
	ErrBadRequest = errors.New("upstream: bad request")
	// ErrUnavailable matches 5xx answers and failed connections.
	ErrUnavailable = errors.New("upstream: unavailable")
	// ErrTimeout matches an upstream call that ran out of time.
	ErrTimeout = errors.New("upstream: timed out")
	// ErrBadResponse matches a 2xx answer whose body is not what the API promises
	// (truncated JSON, an HTML page, missing keys, absurd pagination).
	ErrBadResponse = errors.New("upstream: malformed response")
	// ErrInvalidArgument is returned before any request when a path segment
	// could escape its route (empty, ".", "..", or containing a slash).
	ErrInvalidArgument = errors.New("upstream: invalid argument")

	// ErrCircuitOpen matches a call answered at once, without any request,
	// because recent attempts failed (see Options.BreakerFailures). It also
	// matches ErrUnavailable.
	ErrCircuitOpen = &circuitOpenError{}
)

type circuitOpenError struct{}

func (*circuitOpenError) Error() string        { return "upstream: unavailable: circuit open" }
func (*circuitOpenError) Is(target error) bool { return target == ErrUnavailable }

// Error is a non-2xx answer from authentik.
type Error struct {
	Method     string // e.g. GET
	Path       string // relative to /api/v3/, e.g. flows/instances/x/
	StatusCode int
	// Detail is authentik's {"detail": ...} message, when the body had one.
	Detail string
	// Fields holds validation messages by authentik field name (400 bodies).
	Fields map[string][]string
	// NonFieldErrors holds the validation messages not tied to one field.
	NonFieldErrors []string
}

// Error implements error. It names the request, never its credentials.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "upstream: %s %s: status %d", e.Method, e.Path, e.StatusCode)
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %s", e.Detail)
	}
	if len(e.NonFieldErrors) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(e.NonFieldErrors, "; "))
	}
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, ": %s: %s", k, strings.Join(e.Fields[k], "; "))
		}
	}
	return b.String()
}

// Authentik's fixed messages for a 403 caused by credentials rather than
// permissions (FACTS.md section f).
var unauthenticatedDetails = []string{
	"Authentication credentials were not provided.",
	"Token invalid/expired",
}

// Is maps the status code to the sentinel errors.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && !e.invalidPage()
	case ErrInvalidPage:
		return e.invalidPage()
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || (e.StatusCode == http.StatusForbidden && e.credentialProblem())
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden && !e.credentialProblem()
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnavailable:
		return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

func (e *Error) invalidPage() bool {
	return e.StatusCode == http.StatusNotFound && e.Detail == "Invalid page."
}

func (e *Error) credentialProblem() bool {
	for _, d := range unauthenticatedDetails {
		if e.Detail == d {
			return true
		}
	}
	return false
}

// decodeError builds an *Error from a non-2xx body. It tolerates any body:
// HTML from a proxy, truncated JSON, or nothing at all leave Detail empty.
func decodeError(method, path string, status int, body []byte) *Error {
	e := &Error{Method: method, Path: path, StatusCode: status}
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return e
	}
	for k, v := range raw {
		switch k {
		case "detail":
			var s string
			if json.Unmarshal(v, &s) == nil {
				e.Detail = s
			}
		case "code":
			// DRF never fills it; authentik's GenericError declares it.
		case "non_field_errors":
			e.NonFieldErrors = messages(v)
		default:
			if m := messages(v); len(m) > 0 {
				if e.Fields == nil {
					e.Fields = map[string][]string{}
				}
				e.Fields[k] = m
			}
		}
	}
	return e
}

// messages reads a DRF message list: ["a", "b"], a lone "a", or a nested
// object (errors of a nested serializer), flattened as "key: message".
func messages(v json.RawMessage) []string {
	var list []string
	if json.Unmarshal(v, &list) == nil {
		return list
	}
	var one string
	if json.Unmarshal(v, &one) == nil {
		return []string{one}
	}
	var nested map[string]json.RawMessage
	if json.Unmarshal(v, &nested) == nil {
		keys := make([]string, 0, len(nested))
		for k := range nested {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			for _, m := range messages(nested[k]) {
				out = append(out, k+": "+m)
			}
		}
		return out
	}
	return nil
}
