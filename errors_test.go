package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Error codes: every code the server can answer is documented.

// TestDocumentedCodes keeps the README's table and the code in step: every
// Code* constant of package graph is documented. (The table may document
// more: gqlgen's codes, such as its GRAPHQL_* and limit codes.)
func TestDocumentedCodes(t *testing.T) {
	documented := documentedCodes(t)
	consts := map[string]bool{}
	files, _ := filepath.Glob("graph/*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Code") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						consts[v] = true
					}
				}
			}
		}
	}
	if len(consts) == 0 {
		t.Fatal("found no Code* constants in graph/")
	}
	for c := range consts {
		if !documented[c] {
			t.Errorf("graph defines %s but README.md's Errors table does not document it", c)
		}
	}
	for c := range dataCodes {
		if !documented[c] {
			t.Errorf("dataCodes lists %s, which is not documented", c)
		}
	}
}
