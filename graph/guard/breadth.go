package guard

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"
)

// The lexical measures run before gqlgen parses the document, so that a
// document too large to parse and validate cheaply is refused first.

// Breadth returns the most fields any one selection set of doc holds, read
// by the lexer alone (no parse), so it is linear in the document. It counts
// the names that stand in a selection set outside arguments: an alias and
// its field count twice, fragment spreads and directives do not count. A
// document that does not lex is measured up to the error.
func Breadth(doc string) int {
	_, breadth := lexMeasures(doc)
	return breadth
}

// CountTokens counts the lexical tokens of a document the way the parser
// reads them (comments do not count). A document that does not lex is
// counted up to the error; the parser reports it.
func CountTokens(doc string) int {
	tokens, _ := lexMeasures(doc)
	return tokens
}

// lexMeasures returns CountTokens and Breadth of doc, in one pass of the
// lexer.
func lexMeasures(doc string) (tokens, breadth int) {
	lx := lexer.New(&ast.Source{Input: doc})
	var (
		counts []int // one per open selection set
		parens int
		most   int
		prev   lexer.Type
		skip   int // names still to skip after "...": a fragment's, or "on" and a type's
	)
	for {
		tok, err := lx.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return tokens, most
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		tokens++
		switch tok.Kind {
		case lexer.Spread:
			skip = 1
		case lexer.BraceL:
			skip = 0
			if parens == 0 {
				counts = append(counts, 0)
			}
		case lexer.BraceR:
			if parens == 0 && len(counts) > 0 {
				counts = counts[:len(counts)-1]
			}
		case lexer.ParenL:
			parens++
		case lexer.ParenR:
			parens = max(parens-1, 0)
		case lexer.Name:
			switch {
			case skip > 0:
				skip--
				if tok.Value == "on" && prev == lexer.Spread {
					skip = 1 // the type condition's name follows
				}
			case parens > 0 || len(counts) == 0 || prev == lexer.At || prev == lexer.Dollar:
				// an argument, a directive or variable, or outside any selection
			default:
				counts[len(counts)-1]++
				most = max(most, counts[len(counts)-1])
			}
		}
		prev = tok.Kind
	}
}
