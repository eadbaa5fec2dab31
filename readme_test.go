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
