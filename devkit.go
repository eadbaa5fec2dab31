package main

// The frontend developer's kit: the schema as one SDL file
// (GET /graphql/schema.graphql) and the example operations GraphiQL offers.

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph"
	"flowgate/web"
)

// sdlHandler serves the schema as one SDL file (graph.SDL, the same bytes
// as the committed schema.graphql) for client code generators: GET
// /graphql/schema.graphql. It reveals what introspection reveals, so it is
// refused with INTROSPECTION_DISABLED when introspection is off.
func sdlHandler(cfg config) http.Handler {
	body := graph.SDL()
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cfg.Introspection {
			writeError(w, r, graph.CodeIntrospectionDisabled,
				"introspection is disabled on this server, and with it the schema file", nil)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		h.Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
	})
}

// exampleFiles are the repository's example operations, offered in
// GraphiQL's Examples panel: every document the golden tests run. Adding a
// .graphql file to testdata/queries adds an example.
//
//go:embed testdata/queries/*.graphql
var exampleFiles embed.FS

// examples lists exampleFiles for GraphiQL: grouped into queries,
// mutations and documents the gateway refuses (they do not parse or
// validate: they show its errors), each with its leading # comment lines as
// a description and a variables skeleton from its variable definitions.
func examples() []web.Example {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	entries, _ := exampleFiles.ReadDir("testdata/queries")
	var out []web.Example
	for _, e := range entries {
		b, err := exampleFiles.ReadFile("testdata/queries/" + e.Name())
		if err != nil {
			continue
		}
		text := string(b)
		ex := web.Example{Name: strings.TrimSuffix(e.Name(), path.Ext(e.Name())), Query: text, Description: leadingComment(text)}
		doc, errs := gqlparser.LoadQueryWithRules(schema, text, nil)
		switch {
		case errs != nil || len(doc.Operations) == 0:
			ex.Group = "Refused"
		case doc.Operations[0].Operation == ast.Mutation:
			ex.Group = "Mutations"
		default:
			ex.Group = "Queries"
		}
		if errs == nil && len(doc.Operations) > 0 {
			ex.Variables = variablesSkeleton(schema, doc.Operations[0].VariableDefinitions)
		}
		out = append(out, ex)
	}
	rank := map[string]int{"Queries": 0, "Mutations": 1, "Refused": 2}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Group] != rank[out[j].Group] {
			return rank[out[i].Group] < rank[out[j].Group]
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// leadingComment is the text of the document's leading # lines.
func leadingComment(text string) string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimPrefix(l, "#")))
	}
	return strings.Join(lines, " ")
}

// variablesSkeleton is a JSON object with one entry per variable: its
// default, else a placeholder of its type for the operator to fill in.
func variablesSkeleton(schema *ast.Schema, defs ast.VariableDefinitionList) string {
	if len(defs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, d := range defs {
		var v any
		if d.DefaultValue != nil {
			v, _ = d.DefaultValue.Value(nil)
		} else {
			v = placeholder(schema, d.Type)
		}
		val, _ := json.Marshal(v)
		name, _ := json.Marshal(d.Variable)
		b.WriteString("  " + string(name) + ": " + string(val))
		if i < len(defs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

func placeholder(schema *ast.Schema, t *ast.Type) any {
	if t.Elem != nil {
		return []any{}
	}
	def := schema.Types[t.NamedType]
	switch {
	case def == nil:
		return nil
	case def.Kind == ast.Enum && len(def.EnumValues) > 0:
		return def.EnumValues[0].Name
	case def.Kind == ast.InputObject:
		return map[string]any{}
	}
	switch t.NamedType {
	case "Int", "Float":
		return 0
	case "Boolean":
		return false
	}
	return ""
}
