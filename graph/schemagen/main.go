// Command schemagen writes flowgate's schema as one SDL file (graph.SDL) to
// the path it is given; `make generate` runs it for schema.graphql.
package main

import (
	"fmt"
	"os"

	"flowgate/graph"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemagen <file>")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], graph.SDL(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
