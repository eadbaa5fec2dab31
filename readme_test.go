package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

const (
	settingsBegin = "<!-- settings table: generated from config.go by `go test -run TestREADME_SettingsTable -update` -->"
	settingsEnd   = "<!-- end of settings table -->"
)

// settingsTable renders every entry of settings as the README's table.
func settingsTable() string {
	var b strings.Builder
	b.WriteString("| flag | environment | default | meaning |\n| --- | --- | --- | --- |\n")
	for _, s := range settings {
		def := "`" + s.def + "`"
		if s.def == "" {
			def = "(empty)"
		}
		usage := strings.NewReplacer("|", `\|`, "*", `\*`, "__", `\_\_`).Replace(s.usage)
		fmt.Fprintf(&b, "| `-%s` | `%s` | %s | %s |\n", s.flag, s.env, def, usage)
	}
	return b.String()
}

// TestREADME_SettingsTable keeps the README's settings table equal to
// settings, so that it cannot drift from the flags.
func TestREADME_SettingsTable(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, settingsBegin)
	end := strings.Index(readme, settingsEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the settings table markers %q … %q", settingsBegin, settingsEnd)
	}
	want := settingsBegin + "\n" + settingsTable() + settingsEnd
	if got := readme[start : end+len(settingsEnd)]; got != want {
		if *update {
			if err := os.WriteFile("README.md", []byte(readme[:start]+want+readme[end+len(settingsEnd):]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's settings table differs from config.go's settings (run `go test -run TestREADME_SettingsTable -update`):\n%s", lineDiff(got, want))
	}
	for _, s := range settings {
		if !strings.Contains(readme, "| `-"+s.flag+"` | `"+s.env+"` |") {
			t.Errorf("README.md's table lacks -%s / %s", s.flag, s.env)
		}
	}
}

// TestREADME_Layout keeps the README's Layout table equal to the tree: every
// root file and folder, and every folder of graph/ and upstream/ (testdata
// aside), has a line, and every path on a line exists.
func TestREADME_Layout(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start, end := strings.Index(readme, "<!-- layout -->"), strings.Index(readme, "<!-- end of layout -->")
	if start < 0 || end < start {
		t.Fatal("README.md lacks the layout markers <!-- layout --> … <!-- end of layout -->")
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(readme[start:end], "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.SplitN(line, "|", 3)[1]
		for _, p := range strings.Split(cell, ",") {
			p = strings.Trim(strings.TrimSpace(p), "`")
			listed[p] = true
			if _, err := os.Stat(p); err != nil {
				t.Errorf("README's layout lists %s, which does not exist", p)
			}
		}
	}
	// Build and tool output that .gitignore keeps out of the tree.
	ignored := map[string]bool{".git": true, "bin": true, "cover.out": true, "cover.trim.out": true, "flowgate": true}
	var want []string
	root, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range root {
		if ignored[e.Name()] {
			continue
		}
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		want = append(want, name)
	}
	for _, dir := range []string{"graph", "upstream"} {
		sub, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range sub {
			if e.IsDir() && e.Name() != "testdata" {
				want = append(want, dir+"/"+e.Name()+"/")
			}
		}
	}
	for _, p := range want {
		if !listed[p] {
			t.Errorf("README's layout lacks a line for %s", p)
		}
	}
}
