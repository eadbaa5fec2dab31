package upstreamtest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/big"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// parseBody mirrors DRF's request.data with only a JSON parser installed:
// an empty body is {}, a non-JSON content type is 415, bad JSON is 400.
func parseBody(r *http.Request, body []byte) (map[string]any, *response) {
	if len(body) == 0 {
		return map[string]any{}, nil
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return nil, detailResponse(http.StatusUnsupportedMediaType, `Unsupported media type "`+ct+`" in request.`)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, detailResponse(http.StatusBadRequest, "JSON parse error - "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, detailResponse(http.StatusBadRequest, "JSON parse error - trailing characters")
	}
	switch t := v.(type) {
	case map[string]any:
		return t, nil
	case nil:
		return nil, (&fieldErrors{keys: []string{"non_field_errors"}, m: map[string][]string{"non_field_errors": {"No data provided"}}}).response()
	default:
		e := &fieldErrors{}
		e.add("non_field_errors", "Invalid data. Expected a dictionary, but got "+pyTypeName(v)+".")
		return nil, e.response()
	}
}

func pyTypeName(v any) string {
	switch t := v.(type) {
	case []any:
		return "list"
	case string:
		return "str"
	case bool:
		return "bool"
	case json.Number:
		if strings.ContainsAny(t.String(), ".eE") {
			return "float"
		}
		return "int"
	case map[string]any:
		return "dict"
	}
	return "NoneType"
}

// pyStr approximates Python's str() of a decoded JSON value.
func pyStr(v any) string {
	switch t := v.(type) {
	case nil:
		return "None"
	case bool:
		if t {
			return "True"
		}
		return "False"
	case string:
		return t
	case json.Number:
		s := t.String()
		if strings.ContainsAny(s, ".eE") {
			if fv, err := strconv.ParseFloat(s, 64); err == nil {
				if fv == math.Trunc(fv) && math.Abs(fv) < 1e16 {
					return strconv.FormatFloat(fv, 'f', 1, 64)
				}
				return strconv.FormatFloat(fv, 'g', -1, 64)
			}
		}
		return s
	case []any:
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = pyRepr(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(t[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}

func pyRepr(v any) string {
	if s, ok := v.(string); ok {
		return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
	}
	return pyStr(v)
}

// charField mirrors DRF CharField (trim_whitespace=True). ok=false means
// msg holds the error.
func charField(v any, allowBlank bool, maxLen int) (string, string, bool) {
	if v == nil {
		return "", msgNull, false
	}
	switch v.(type) {
	case string, json.Number:
	default:
		return "", msgNotString, false
	}
	s := strings.TrimFunc(pyStr(v), unicode.IsSpace)
	if s == "" {
		if !allowBlank {
			return "", msgBlank, false
		}
		return "", "", true
	}
	if strings.ContainsRune(s, 0) {
		return "", msgNullChars, false
	}
	if maxLen > 0 && len([]rune(s)) > maxLen {
		return "", "Ensure this field has no more than " + strconv.Itoa(maxLen) + " characters.", false
	}
	return s, "", true
}

// choiceField mirrors DRF ChoiceField.
func choiceField(v any, choices []string) (string, string, bool) {
	if v == nil {
		return "", msgNull, false
	}
	s := pyStr(v)
	for _, c := range choices {
		if c == s {
			if _, isStr := v.(string); isStr {
				return c, "", true
			}
		}
	}
	return "", `"` + s + `" is not a valid choice.`, false
}

// boolField mirrors DRF BooleanField.
func boolField(v any) (bool, string, bool) {
	switch t := v.(type) {
	case nil:
		return false, msgNull, false
	case bool:
		return t, "", true
	case string:
		switch t {
		case "t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1":
			return true, "", true
		case "f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0":
			return false, "", true
		}
	case json.Number:
		if f, err := strconv.ParseFloat(t.String(), 64); err == nil {
			if f == 1 {
				return true, "", true
			}
			if f == 0 {
				return false, "", true
			}
		}
	}
	return false, msgBool, false
}

var reDecimal = regexp.MustCompile(`\.0*\s*$`)

// intField mirrors DRF IntegerField with min/max validators.
func intField(v any, lo, hi int64) (int, string, bool) {
	var n *big.Int
	switch t := v.(type) {
	case nil:
		return 0, msgNull, false
	case string:
		if len(t) > 1000 {
			return 0, "String value too large.", false
		}
		x, ok := pyInt(reDecimal.ReplaceAllString(t, ""))
		if !ok {
			return 0, msgInteger, false
		}
		n = x
	case json.Number:
		s := t.String()
		if strings.ContainsAny(s, ".eE") {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1e16 {
				return 0, msgInteger, false
			}
			n = big.NewInt(int64(f))
		} else {
			x, ok := new(big.Int).SetString(s, 10)
			if !ok {
				return 0, msgInteger, false
			}
			n = x
		}
	default:
		return 0, msgInteger, false
	}
	if n.Cmp(big.NewInt(hi)) > 0 {
		return 0, "Ensure this value is less than or equal to " + strconv.FormatInt(hi, 10) + ".", false
	}
	if n.Cmp(big.NewInt(lo)) < 0 {
		return 0, "Ensure this value is greater than or equal to " + strconv.FormatInt(lo, 10) + ".", false
	}
	return int(n.Int64()), "", true
}

// pkField mirrors DRF PrimaryKeyRelatedField over a UUID primary key.
func pkField(v any, exists func(string) bool) (string, string, bool) {
	switch t := v.(type) {
	case nil:
		return "", msgNull, false
	case bool:
		return "", "Incorrect type. Expected pk value, received bool.", false
	case string:
		u, ok := parseUUID(t)
		if !ok {
			return "", "“" + t + "” is not a valid UUID.", false
		}
		if !exists(u) {
			return "", `Invalid pk "` + t + `" - object does not exist.`, false
		}
		return u, "", true
	case json.Number:
		if n, ok := new(big.Int).SetString(t.String(), 10); ok && n.Sign() >= 0 && n.BitLen() <= 128 {
			u, _ := parseUUID(hex.EncodeToString(n.FillBytes(make([]byte, 16))))
			if !exists(u) {
				return "", `Invalid pk "` + t.String() + `" - object does not exist.`, false
			}
			return u, "", true
		}
	}
	return "", "“" + pyStr(v) + "” is not a valid UUID.", false
}
