package guard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph"
)

// TrustedDocuments is the allow-list of operations for trusted-documents
// mode: the only documents the server runs, by the lower-case hex SHA-256
// of their text. Clients send the hash as Apollo's persisted-query
// extension, `{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"…"}}}`
// (POST body or GET parameter), with or without the document itself.
// Anything else, ad-hoc documents included, is refused with
// PERSISTED_QUERY_NOT_ALLOWED.
type TrustedDocuments struct {
	docs map[string]string
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*TrustedDocuments)(nil)

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// LoadTrustedDocuments reads the allow-list at path: either a JSON object
// mapping each hash to its document, or a directory whose *.graphql files
// are one document each (the hash is that of the file's bytes). Every
// document must parse and validate against schema, and every given hash
// must match its document; all problems are reported at once.
func LoadTrustedDocuments(path string, schema *ast.Schema) (*TrustedDocuments, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	var errs []error
	if fi.IsDir() {
		files, err := filepath.Glob(filepath.Join(path, "*.graphql"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s: no *.graphql files", path)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			docs[hashOf(string(b))] = string(b)
		}
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: want a JSON object of sha256 hash to document: %w", path, err)
		}
		for h, doc := range m {
			if !sha256Hex.MatchString(h) {
				errs = append(errs, fmt.Errorf("%s: key %q is not a lower-case hex sha256 hash", path, h))
				continue
			}
			if got := hashOf(doc); got != h {
				errs = append(errs, fmt.Errorf("%s: document under %s has hash %s", path, h, got))
				continue
			}
			docs[h] = doc
		}
		if len(m) == 0 {
			errs = append(errs, fmt.Errorf("%s: no documents", path))
		}
	}
	hashes := make([]string, 0, len(docs))
	for h := range docs {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	for _, h := range hashes {
		if _, err := gqlparser.LoadQueryWithRules(schema, docs[h], nil); err != nil {
			errs = append(errs, fmt.Errorf("%s: document %s does not validate: %w", path, h, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &TrustedDocuments{docs: docs}, nil
}

// Len returns the number of trusted documents (0 for nil).
func (t *TrustedDocuments) Len() int {
	if t == nil {
		return 0
	}
	return len(t.docs)
}

// ExtensionName implements graphql.HandlerExtension.
func (t *TrustedDocuments) ExtensionName() string { return "TrustedDocuments" }

// Validate implements graphql.HandlerExtension.
func (t *TrustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters replaces the request's document by the trusted
// one its hash names, and refuses every request that names none.
func (t *TrustedDocuments) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	hash, err := persistedHash(p.Extensions)
	if err != nil {
		return err
	}
	if hash == "" {
		return notAllowed("this server runs trusted documents only: send extensions.persistedQuery.sha256Hash of an allowed document")
	}
	doc, ok := t.docs[hash]
	if !ok {
		return notAllowed("no trusted document has this hash")
	}
	if p.Query != "" && p.Query != doc {
		return notAllowed("the document sent differs from the trusted document with this hash")
	}
	p.Query = doc
	return nil
}

// persistedHash reads extensions.persistedQuery.sha256Hash ("" when the
// extension is absent).
func persistedHash(ext map[string]any) (string, *gqlerror.Error) {
	raw, ok := ext["persistedQuery"]
	if !ok || raw == nil {
		return "", nil
	}
	pq, ok := raw.(map[string]any)
	if !ok {
		return "", invalidPersisted("extensions.persistedQuery must be an object")
	}
	if v := fmt.Sprint(pq["version"]); v != "1" {
		return "", invalidPersisted("unsupported persisted query version (want 1)")
	}
	h, _ := pq["sha256Hash"].(string)
	h = strings.ToLower(h)
	if !sha256Hex.MatchString(h) {
		return "", invalidPersisted("extensions.persistedQuery.sha256Hash must be a hex sha256 hash")
	}
	return h, nil
}

func notAllowed(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": graph.CodePersistedQueryNotAllowed}}
}

func invalidPersisted(msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": graph.CodePersistedQueryInvalid}}
}

func hashOf(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// APQ is gqlgen's automatic persisted queries extension with this
// server's error codes: a malformed extension or a hash that does not match
// the document is refused with PERSISTED_QUERY_INVALID (HTTP 422) before
// gqlgen sees it; an unknown hash stays gqlgen's PERSISTED_QUERY_NOT_FOUND
// (HTTP 200), which Apollo-style clients answer by sending the document.
type APQ struct {
	extension.AutomaticPersistedQuery
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (a APQ) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	hash, err := persistedHash(p.Extensions)
	if err != nil {
		return err
	}
	if hash == "" {
		return nil
	}
	if p.Query != "" && hashOf(p.Query) != hash {
		return invalidPersisted("provided APQ hash does not match query")
	}
	p.Extensions["persistedQuery"].(map[string]any)["sha256Hash"] = hash // gqlgen compares lower case
	return a.AutomaticPersistedQuery.MutateOperationParameters(ctx, p)
}
