package graph

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits on arguments. Each is checked before any upstream request.
const (
	defaultFirst = 20
	maxFirst     = 100
	maxSlugLen   = 255
	maxSearchLen = 256
	maxNameLen   = 512
	maxOffset    = 1_000_000
)

var (
	// slugPattern is authentik's own slug rule (FlowRequest.slug).
	slugPattern = regexp.MustCompile(`^[-a-zA-Z0-9_]+$`)
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// badInput is a BAD_USER_INPUT error naming the argument at fault.
func badInput(arg, format string, a ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message: fmt.Sprintf(format, a...),
		Extensions: map[string]any{
			"code":     CodeBadUserInput,
			"argument": arg,
		},
	}
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

// window turns first/after into an offset and a limit.
func window(first *int, after *string) (offset, limit int, err error) {
	limit = defaultFirst
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > maxFirst {
		return 0, 0, badInput("first", "first must be between 0 and %d", maxFirst)
	}
	if after != nil && *after != "" {
		n, err := decodeCursor(*after)
		if err != nil {
			return 0, 0, badInput("after", "after is not a cursor returned by this API")
		}
		offset = n + 1
	}
	return offset, limit, nil
}

// Cursors are opaque to clients; inside, they are the item's offset in the
// listing. authentik pages by number, so an offset is what maps onto it.
const cursorPrefix = "o:"

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// decodeCursor reads a cursor from encodeCursor, refusing anything else.
func decodeCursor(s string) (int, error) {
	if len(s) > 32 {
		return 0, fmt.Errorf("cursor too long")
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, err
	}
	rest, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, fmt.Errorf("bad cursor prefix")
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n >= maxOffset || strconv.Itoa(n) != rest {
		return 0, fmt.Errorf("bad cursor offset")
	}
	// One spelling per cursor: the decoder ignores CR and LF and accepts
	// stray bits in the last character.
	if encodeCursor(n) != s {
		return 0, fmt.Errorf("non-canonical cursor")
	}
	return n, nil
}
