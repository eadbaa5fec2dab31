package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"flowgate/graph"
	"flowgate/graph/guard"
)

// Configuration: flags, environment and their validation.

func TestLoadConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	t.Run("defaults are demo on 127.0.0.1:8080", func(t *testing.T) {
		c, err := loadConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:8080" || !c.Demo || c.UpstreamTimeout != 10*time.Second || c.PageSize != 100 || c.LoaderWait != 0 {
			t.Errorf("config = %+v", c)
		}
	})
	t.Run("environment, then flags", func(t *testing.T) {
		c, err := loadConfig([]string{"-addr", "127.0.0.1:9999"}, env(map[string]string{
			"ADDR": "0.0.0.0:1", "AUTHENTIK_URL": "https://auth.example.com", "AUTHENTIK_TOKEN": "tok", "UPSTREAM_TIMEOUT": "3s",
		}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if c.Addr != "127.0.0.1:9999" || c.Demo || c.AuthentikURL != "https://auth.example.com" || c.AuthentikToken != "tok" || c.UpstreamTimeout != 3*time.Second {
			t.Errorf("config = %+v", c)
		}
	})
	t.Run("every problem at once", func(t *testing.T) {
		_, err := loadConfig([]string{"-addr", "nope", "-upstream-timeout", "soon", "-upstream-page-size", "0", "-log-level", "loud"},
			env(map[string]string{"AUTHENTIK_URL": "ftp://x"}), io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"-addr", "-authentik-url", "-upstream-timeout", "-upstream-page-size", "-log-level"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s:\n%v", want, err)
			}
		}
	})
	t.Run("hardening defaults", func(t *testing.T) {
		c, err := loadConfig(nil, env(nil), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("depth=%d aliases=%d complexity=%d tokens=%d apq=%d introspection=%v graphiql=%v cors=%v metrics=%v otlp=%q "+
			"request=%v write=%v retries=%d backoff=%v breaker=%d/%v",
			c.MaxDepth, c.MaxAliases, c.MaxComplexity, c.MaxTokens, c.APQCacheSize, c.Introspection, c.GraphiQL, c.CORSOrigins, c.Metrics, c.OTLPEndpoint,
			c.RequestTimeout, c.WriteTimeout, c.Retries, c.RetryBackoff, c.BreakerFailures, c.BreakerCooldown)
		want := `depth=10 aliases=15 complexity=10000 tokens=2000 apq=1000 introspection=true graphiql=true cors=[] metrics=true otlp="" ` +
			`request=30s write=1m0s retries=2 backoff=100ms breaker=10/5s`
		if got != want {
			t.Errorf("defaults:\n got %s\nwant %s", got, want)
		}
	})
	t.Run("every hardening problem at once", func(t *testing.T) {
		_, err := loadConfig([]string{"-request-timeout", "2m", "-upstream-retries", "99", "-max-depth", "deep", "-breaker-cooldown", "0s",
			"-otlp-endpoint", "collector:4318", "-cors-origins", "ftp://x", "-introspection", "maybe", "-service-name", " "}, env(nil), io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{"-write-timeout: 1m0s must exceed -request-timeout 2m0s", "-upstream-retries", "-max-depth", "-breaker-cooldown",
			"-otlp-endpoint", "-cors-origins", "-introspection", "-service-name"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error does not mention %s:\n%v", want, err)
			}
		}
	})
	t.Run("help documents every setting", func(t *testing.T) {
		var out bytes.Buffer
		if err := run(t.Context(), []string{"--help"}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, s := range settings {
			if !strings.Contains(out.String(), "-"+s.flag) || !strings.Contains(out.String(), s.env) {
				t.Errorf("--help lacks %s / %s", s.flag, s.env)
			}
		}
	})
}

func TestLoadConfig_TrustedDocuments(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	t.Run("directory of .graphql files", func(t *testing.T) {
		dir := t.TempDir()
		for name, doc := range map[string]string{"a.graphql": dashboardQuery, "b.graphql": "{ flow(slug: \"x\") { slug } }\n", "notes.txt": "ignored"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		docs, err := guard.LoadTrustedDocuments(dir, schema)
		if err != nil || docs.Len() != 2 {
			t.Fatalf("docs %v, err %v", docs.Len(), err)
		}
	})
	t.Run("every problem at once", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "docs.json")
		wrong := sha("x")
		content, _ := json.Marshal(map[string]string{
			"NOT-HEX":              "{ flows { totalCount } }",
			wrong:                  "{ flows { totalCount } }",
			sha("{ nope }"):        "{ nope }",
			sha(dashboardQuery):    dashboardQuery,
			sha("{ flows { x } }"): "{ flows { x } }",
		})
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig([]string{"-trusted-documents", path, "-max-depth", "-1"}, func(string) string { return "" }, io.Discard)
		if err == nil {
			t.Fatal("no error")
		}
		for _, want := range []string{`key "NOT-HEX" is not a lower-case hex sha256 hash`, "document under " + wrong + " has hash",
			"document " + sha("{ nope }") + " does not validate", "document " + sha("{ flows { x } }") + " does not validate", "-max-depth"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := loadConfig([]string{"-trusted-documents", "/nonexistent/docs.json"}, func(string) string { return "" }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-trusted-documents") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestHostPolicy: ALLOWED_HOSTS and its defaults for each kind of listen
// address.
func TestHostPolicy(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		addr, allowed string
		ok, refused   []string
	}{
		{addr: "127.0.0.1:8080", ok: []string{"127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "localhost."},
			refused: []string{"attacker.example", "attacker.example:8080", "10.0.0.1:8080", "", "127.0.0.1.attacker.example"}},
		{addr: "[::1]:8080", ok: []string{"[::1]:8080", "localhost", "127.0.0.1"}, refused: []string{"attacker.example"}},
		{addr: "0.0.0.0:8080", ok: []string{"10.0.0.5:8080", "[fe80::1]:8080", "localhost:8080"}, refused: []string{"attacker.example", "flowgate.example.com"}},
		{addr: ":8080", ok: []string{"192.168.1.2"}, refused: []string{"attacker.example"}},
		{addr: "flowgate.internal:8080", ok: []string{"flowgate.internal:8080", "FLOWGATE.internal"}, refused: []string{"localhost", "127.0.0.1", "attacker.example"}},
		{addr: "0.0.0.0:8080", allowed: "flowgate.example.com, [::1]", ok: []string{"flowgate.example.com", "flowgate.example.com:443", "[::1]:8080"},
			refused: []string{"10.0.0.5", "localhost", "attacker.example"}},
		{addr: "0.0.0.0:8080", allowed: "*", ok: []string{"attacker.example", "anything"}},
	}
	for _, tt := range tests {
		c, err := loadConfig([]string{"-addr", tt.addr}, env(map[string]string{"ALLOWED_HOSTS": tt.allowed}), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		p := newHostPolicy(c)
		for _, h := range tt.ok {
			if !p.allows(h) {
				t.Errorf("addr %s, ALLOWED_HOSTS %q: Host %q refused", tt.addr, tt.allowed, h)
			}
		}
		for _, h := range tt.refused {
			if p.allows(h) {
				t.Errorf("addr %s, ALLOWED_HOSTS %q: Host %q allowed", tt.addr, tt.allowed, h)
			}
		}
	}
	_, err := loadConfig(nil, env(map[string]string{"ALLOWED_HOSTS": "https://x.example.com/, ok.example.com"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), `-allowed-hosts: "https://x.example.com/" is not a host name`) {
		t.Errorf("err = %v", err)
	}
}

// TestTuneRuntime: MEMORY_LIMIT and GC_PERCENT reach the Go runtime (64
// MiB and, with that limit, 1000 by default); GOGC and GOMEMLIMIT, when
// set, win; 0 leaves the runtime as it is; GC_PERCENT=auto without a memory
// limit is the runtime's default.
func TestTuneRuntime(t *testing.T) {
	oldGC, oldMem := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(oldGC); debug.SetMemoryLimit(oldMem) })
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		name       string
		env        map[string]string
		wantGC     int
		wantMemory int64
	}{
		{"defaults", nil, 1000, 64 << 20},
		{"auto without a memory limit", map[string]string{"MEMORY_LIMIT": "0"}, 100, math.MaxInt64},
		{"settings", map[string]string{"GC_PERCENT": "400", "MEMORY_LIMIT": "512"}, 400, 512 << 20},
		{"GOGC and GOMEMLIMIT win", map[string]string{"GC_PERCENT": "400", "GOGC": "50", "GOMEMLIMIT": "1GiB"}, 100, math.MaxInt64},
		{"0 leaves the runtime as it is", map[string]string{"GC_PERCENT": "0", "MEMORY_LIMIT": "0"}, 100, math.MaxInt64},
	} {
		cfg, err := loadConfig(nil, env(c.env), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		tuneRuntime(cfg, env(c.env))
		if gc, mem := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64); gc != c.wantGC || mem != c.wantMemory {
			t.Errorf("%s: GC percent %d, memory limit %d; want %d, %d", c.name, gc, mem, c.wantGC, c.wantMemory)
		}
	}
}

// TestTuneRuntime_AutoWithGOMEMLIMIT: GC_PERCENT=auto is 1000 under the
// limit the runtime read from GOMEMLIMIT too.
func TestTuneRuntime_AutoWithGOMEMLIMIT(t *testing.T) {
	oldGC, oldMem := debug.SetGCPercent(100), debug.SetMemoryLimit(1<<30) // as GOMEMLIMIT=1GiB sets it
	t.Cleanup(func() { debug.SetGCPercent(oldGC); debug.SetMemoryLimit(oldMem) })
	env := map[string]string{"MEMORY_LIMIT": "0", "GOMEMLIMIT": "1GiB"}
	cfg, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	tuneRuntime(cfg, func(k string) string { return env[k] })
	if gc, mem := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64); gc != 1000 || mem != 1<<30 {
		t.Errorf("GC percent %d, memory limit %d; want 1000, %d", gc, mem, 1<<30)
	}
}
