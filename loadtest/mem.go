package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"flowgate/upstream/upstreamtest"
)

// memQueries are the queries whose peak memory -mem measures on the
// 2,000-flow install: those of issue 10, each in a fresh flowgate process,
// alone or several at once.
var memQueries = []struct {
	name   string
	query  string
	atOnce int
}{
	{"point lookup", `{ flow(slug: "default-authentication-flow") { slug bindings { order stage { name } } } }`, 1},
	{"100 flows with bindings", `{ flows(first: 100) { nodes { bindings { order stage { name } } } } }`, 1},
	{"100 stages, their flows and bindings", `{ stages(first: 100) { nodes { name flows { slug bindings { order stage { name } } } } } }`, 1},
	{"50 flows, stages, flows, bindings", `{ flows(first: 50) { nodes { stages { flows { bindings { stage { name } } } } } } }`, 1},
	{"100 stages, their flows and bindings", `{ stages(first: 100) { nodes { name flows { slug bindings { order stage { name } } } } } }`, 4},
	{"fan-out: usedBy of 100 stages' bindings", `{ stages(first: 100) { nodes { bindings { usedBy { pk } } } } }`, 1},
	// testdata/queries/deep-nesting.graphql: the largest answer of the
	// repository's documents on this install (9 MB).
	{"testdata deep-nesting", `{ flows(first: 50) { nodes { slug stages { name flows { slug bindings { order stage { name } } } } } } }`, 1},
	// 162 upstream requests, but a 101 MB answer (flow_set needs no
	// request): MAX_ANSWER_BYTES stops it at 16 MiB.
	{"answer budget: 100 stages' flows' stages' flows", `{ stages(first: 100) { nodes { flows { stages { flows { slug } } } } } }`, 1},
	{"50 flows, stages, flows, bindings", `{ flows(first: 50) { nodes { stages { flows { bindings { stage { name } } } } } } }`, 4},
}

// memResult is one -mem measurement.
type memResult struct {
	name             string
	atOnce           int
	upstream         int
	answerBytes      int
	outcome          string
	elapsed          time.Duration
	idleRSS, peakRSS int64
}

// measureMemory runs every memory query in a fresh flowgate process
// against the large install, and prints peak RSS (VmHWM) per query.
func measureMemory(bin, only string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("loadtest -mem: %s, load average %s; building the 2,000-flow install…\n", bin, loadAverage())
	fake := upstreamtest.NewServer(upstreamtest.WithLargeInstall())
	defer fake.Close()
	var rs []memResult
	for _, q := range memQueries {
		if !strings.Contains(fmt.Sprintf("%s x%d", q.name, q.atOnce), only) {
			continue
		}
		r, err := measureOne(ctx, bin, fake, q.name, q.query, q.atOnce)
		if err != nil {
			return err
		}
		fmt.Printf("  %-42s x%d  %6d upstream requests  %9d answer bytes  %6.1f s  peak RSS %6.1f MiB  %s\n",
			r.name, r.atOnce, r.upstream, r.answerBytes, r.elapsed.Seconds(), mib(r.peakRSS), r.outcome)
		rs = append(rs, r)
	}
	fmt.Println()
	fmt.Println("| query | at once | upstream requests | answer bytes (each) | seconds | flowgate peak RSS MiB | idle RSS MiB | outcome |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range rs {
		fmt.Printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %s |\n", r.name, r.atOnce, r.upstream, r.answerBytes,
			r.elapsed.Seconds(), mib(r.peakRSS), mib(r.idleRSS), r.outcome)
	}
	fmt.Printf("\nload average at the end: %s\n", loadAverage())
	return nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func measureOne(ctx context.Context, bin string, fake *upstreamtest.Server, name, query string, atOnce int) (memResult, error) {
	r := memResult{name: name, atOnce: atOnce}
	// Generous deadlines: this measures memory, and the fake renders 3 MB
	// per bindings page on a shared machine.
	proc, base, err := start(ctx, bin, fake.URL, "REQUEST_TIMEOUT=5m", "UPSTREAM_TIMEOUT=2m", "WRITE_TIMEOUT=6m")
	if err != nil {
		return r, err
	}
	defer proc.stop()
	if r.idleRSS, err = peakRSS(proc.cmd.Process.Pid); err != nil {
		return r, err
	}
	fake.Reset()
	body, _ := json.Marshal(map[string]string{"query": query})
	hc := &http.Client{Timeout: 10 * time.Minute}
	type answer struct {
		status int
		body   []byte
		err    error
	}
	out := make([]answer, atOnce)
	t0 := time.Now()
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err != nil {
				out[i].err = err
				return
			}
			defer resp.Body.Close()
			out[i].status = resp.StatusCode
			out[i].body, out[i].err = io.ReadAll(resp.Body)
		})
	}
	wg.Wait()
	r.elapsed = time.Since(t0)
	if r.peakRSS, err = peakRSS(proc.cmd.Process.Pid); err != nil {
		return r, err
	}
	r.upstream = fake.RequestCount()
	outcomes := map[string]int{}
	for _, a := range out {
		if a.err != nil {
			return r, fmt.Errorf("%s: %w", name, a.err)
		}
		r.answerBytes = len(a.body)
		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Extensions struct {
					Code string `json:"code"`
				} `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(a.body, &resp); err != nil {
			return r, fmt.Errorf("%s: answer is not JSON (status %d): %.200s", name, a.status, a.body)
		}
		codes := map[string]bool{}
		for _, e := range resp.Errors {
			codes[e.Extensions.Code] = true
		}
		switch {
		case len(codes) == 0:
			outcomes["answered"]++
		case len(codes) == 1 && codes["ANSWER_TOO_LARGE"]:
			outcomes["stopped at MAX_ANSWER_BYTES (ANSWER_TOO_LARGE)"]++
		default:
			var cs []string
			for c := range codes {
				cs = append(cs, c)
			}
			sort.Strings(cs)
			what := "errors"
			if len(resp.Data) == 0 || string(resp.Data) == "null" {
				what = "refused"
			}
			outcomes[fmt.Sprintf("%s (HTTP %d, %s)", what, a.status, strings.Join(cs, ", "))]++
		}
	}
	var os []string
	for k, n := range outcomes {
		if atOnce > 1 {
			k = fmt.Sprintf("%d× %s", n, k)
		}
		os = append(os, k)
	}
	sort.Strings(os)
	r.outcome = strings.Join(os, "; ")
	return r, nil
}
