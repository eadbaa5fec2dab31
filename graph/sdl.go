package graph

import (
	"bytes"
	"sync"

	"github.com/vektah/gqlparser/v2/formatter"
)

// SDL is the whole schema as one SDL document, the file a client's code
// generator reads: gqlparser's formatting of the parsed schema, types and
// directives sorted by name, extensions merged into their type, built-in
// scalars and directives left out. `make generate` writes it to
// schema.graphql at the repository's root; GET /graphql/schema.graphql
// serves it.
var SDL = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	b.WriteString("# flowgate's GraphQL schema, generated from graph/*.graphqls by `make generate`.\n# Do not edit: CI fails when it differs from what `make generate` writes.\n\n")
	var sdl bytes.Buffer
	formatter.NewFormatter(&sdl, formatter.WithIndent("  ")).FormatSchema(parsedSchema)
	// A blank line between definitions, as people write SDL.
	b.Write(bytes.ReplaceAll(bytes.TrimSpace(sdl.Bytes()), []byte("\n}\n"), []byte("\n}\n\n")))
	b.WriteByte('\n')
	return b.Bytes()
})
