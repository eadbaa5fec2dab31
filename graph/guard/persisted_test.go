package guard

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"flowgate/graph"
)

func TestLoadTrustedDocuments(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	const a, b = "query A { flows { totalCount } }", "{ flow(slug: \"x\") { slug } }\n"
	t.Run("directory of .graphql files", func(t *testing.T) {
		dir := t.TempDir()
		for name, doc := range map[string]string{"a.graphql": a, "b.graphql": b, "notes.txt": "ignored"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		docs, err := LoadTrustedDocuments(dir, schema)
		if err != nil || docs.Len() != 2 || docs.docs[hashOf(a)] != a || docs.docs[hashOf(b)] != b {
			t.Fatalf("docs %v, err %v", docs.Len(), err)
		}
	})
	t.Run("JSON file, every problem at once", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "docs.json")
		content, _ := json.Marshal(map[string]string{
			"NOT-HEX":          a,
			hashOf("x"):        a,
			hashOf("{ nope }"): "{ nope }",
			hashOf(a):          a,
		})
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadTrustedDocuments(path, schema)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{`key "NOT-HEX" is not a lower-case hex sha256 hash`, "document under " + hashOf("x") + " has hash " + hashOf(a),
			"document " + hashOf("{ nope }") + " does not validate"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
		if n := strings.Count(err.Error(), path+": "); n != 3 {
			t.Errorf("%d problems reported, want 3:\n%v", n, err)
		}
	})
	t.Run("nil set", func(t *testing.T) {
		var docs *TrustedDocuments
		if docs.Len() != 0 {
			t.Error("nil set has documents")
		}
	})
}
