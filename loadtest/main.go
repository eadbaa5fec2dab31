// Command loadtest measures the flowgate binary under load: concurrent
// clients send one query shape for a fixed time against a flowgate process
// whose upstream is a fake authentik in this process, with and without
// added upstream latency, with batching on and off (NAIVE_LOADERS=true, the
// baseline), and against the direct baseline (direct.go: the same upstream
// requests and answer, hand-written, no GraphQL). It reports requests/s,
// p50/p99 latency, upstream requests and connections per query, the
// server's CPU time per query and its peak RSS (VmHWM), the ratios
// naive/batched and flowgate/direct, and the point lookup at concurrency 1.
// Run it with `make load`. With -mem it measures instead the peak RSS of
// one query (or several at once) in a fresh flowgate process on the
// 2,000-flow install (mem.go; `make mem`).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"flowgate/upstream/upstreamtest"
)

// shapes are the query shapes measured. With upstreamtest.WithExtraFlows(3)
// the fake holds 20 flows, 18 stages and 26 bindings.
var shapes = []struct{ name, query string }{
	{"flat", `{ flows(first: 20) { totalCount nodes { pk slug name title designation layout } } }`},
	{"nested", `{ flows(first: 20) { nodes { slug bindings { order stage { name } } stages { name } } } }`},
	{"deep", `{ stages(first: 50) { nodes { name flows { slug bindings { order stage { name flows { slug } } } } } } }`},
	{"single", `{ flow(slug: "default-authentication-flow") { slug title bindings { order stage { name } } } }`},
}

type options struct {
	bin         string
	duration    time.Duration
	warmup      time.Duration
	concurrency int
	latencies   []time.Duration
	shapes      []string
	modes       []string
	c1shapes    []string
	c1modes     []string
}

// result is one run's figures.
type result struct {
	latency          time.Duration
	shape, mode      string
	concurrency      int
	requests, errors int
	firstError       string
	rps              float64
	p50, p99         time.Duration
	upstreamPerQuery float64
	connsPerQuery    float64 // upstream connections flowgate opened
	cpuPerQuery      time.Duration
	peakRSS          int64 // bytes
}

func main() {
	var o options
	if shape := os.Getenv(directEnv); shape != "" {
		fatal(serveDirect(shape))
	}
	var lat, shp, modes, c1, c1modes string
	var mem bool
	var memOnly string
	flag.StringVar(&o.bin, "bin", "bin/flowgate", "flowgate binary (make build)")
	flag.DurationVar(&o.duration, "duration", 8*time.Second, "measured time per run")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured time before each run")
	flag.IntVar(&o.concurrency, "concurrency", 16, "concurrent clients")
	flag.StringVar(&lat, "latencies", "0,20ms", "upstream latencies added by the fake, comma-separated")
	flag.StringVar(&shp, "shapes", "flat,nested,deep,single", "query shapes: flat, nested, deep, single")
	flag.StringVar(&modes, "modes", "batched,naive,direct", "batched (default loaders), naive (NAIVE_LOADERS=true), direct (the hand-written baseline)")
	flag.StringVar(&c1, "c1", "single", "shapes measured again at concurrency 1 (empty: none)")
	flag.StringVar(&c1modes, "c1modes", "batched,direct", "modes of the concurrency-1 runs")
	flag.BoolVar(&mem, "mem", false, "measure peak RSS per query on the 2,000-flow install instead")
	flag.StringVar(&memOnly, "memonly", "", "with -mem: only the queries whose name contains this")
	flag.Parse()
	if mem {
		if err := measureMemory(o.bin, memOnly); err != nil {
			fatal(err)
		}
		return
	}
	for _, s := range strings.Split(lat, ",") {
		if s == "0" {
			s = "0s"
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			fatal(fmt.Errorf("-latencies: %w", err))
		}
		o.latencies = append(o.latencies, d)
	}
	o.shapes, o.modes = strings.Split(shp, ","), strings.Split(modes, ",")
	if c1 != "" {
		o.c1shapes, o.c1modes = strings.Split(c1, ","), strings.Split(c1modes, ",")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("loadtest: %s, %d clients, %v per run after %v warm-up, GOMAXPROCS %d, %s, load average %s\n",
		o.bin, o.concurrency, o.duration, o.warmup, runtime.GOMAXPROCS(0), runtime.Version(), loadAverage())
	var results []result
	for _, l := range o.latencies {
		fake := upstreamtest.NewServer(upstreamtest.WithExtraFlows(3), upstreamtest.WithLatency(l))
		run := func(o options, shapes, modes []string) {
			for _, s := range shapes {
				for _, m := range modes {
					r, err := measure(ctx, o, fake, l, s, m)
					if err != nil {
						fake.Close()
						fatal(err)
					}
					fmt.Printf("  upstream +%-5v %-7s %-8s c%-3d %7.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.2f upstream req/query  %5.3f CPU ms/query  %d errors\n",
						l, s, m, r.concurrency, r.rps, ms(r.p50), ms(r.p99), r.upstreamPerQuery, ms(r.cpuPerQuery), r.errors)
					results = append(results, r)
				}
			}
		}
		run(o, o.shapes, o.modes)
		c1 := o
		c1.concurrency = 1
		run(c1, o.c1shapes, o.c1modes)
		fake.Close()
	}
	report(results)
	fmt.Printf("\nload average at the end: %s (the machine's other work competes with flowgate and the load driver)\n", loadAverage())
	for _, r := range results {
		if r.errors > 0 {
			fatal(fmt.Errorf("%s/%s/+%v: %d of %d requests failed, e.g. %s", r.shape, r.mode, r.latency, r.errors, r.requests, r.firstError))
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "loadtest:", err)
	os.Exit(1)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// measure starts a flowgate process against fake and loads it with one
// shape.
func measure(ctx context.Context, o options, fake *upstreamtest.Server, latency time.Duration, shape, mode string) (result, error) {
	r := result{latency: latency, shape: shape, mode: mode}
	query := ""
	for _, s := range shapes {
		if s.name == shape {
			query = s.query
		}
	}
	if query == "" || (mode != "batched" && mode != "naive" && mode != "direct") {
		return r, fmt.Errorf("unknown shape %q or mode %q", shape, mode)
	}
	r.concurrency = o.concurrency
	bin, env := o.bin, []string{"NAIVE_LOADERS=" + strconv.FormatBool(mode == "naive")}
	if mode == "direct" {
		self, err := os.Executable()
		if err != nil {
			return r, err
		}
		bin, env = self, []string{directEnv + "=" + shape}
	}
	proc, base, err := start(ctx, bin, fake.URL, env...)
	if err != nil {
		return r, err
	}
	defer proc.stop()

	body, _ := json.Marshal(map[string]string{"query": query})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.concurrency
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var first []byte
	send := func() (time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if err != nil {
			return d, err
		}
		if resp.StatusCode != http.StatusOK || bytes.Contains(b, []byte(`"errors"`)) {
			return d, fmt.Errorf("status %d: %.300s", resp.StatusCode, b)
		}
		if first == nil {
			first = b
		}
		return d, nil
	}
	// One request first: the shape must work at all, and every mode must
	// give the same answer.
	fake.Reset()
	if _, err := send(); err != nil {
		return r, fmt.Errorf("%s/%s: %w", shape, mode, err)
	}
	if err := sameAnswer(shape, mode, first, fake.RequestCount()); err != nil {
		return r, err
	}

	// run sends from every client until d has passed; per client, it
	// returns the latencies of the requests that succeeded, the number
	// that failed and the last failure.
	type client struct {
		lat    []time.Duration
		failed int
		last   error
	}
	run := func(d time.Duration) []client {
		cs := make([]client, o.concurrency)
		end := time.Now().Add(d)
		var wg sync.WaitGroup
		for i := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(end) && ctx.Err() == nil {
					d, err := send()
					if err != nil {
						cs[i].failed++
						cs[i].last = err
						continue
					}
					cs[i].lat = append(cs[i].lat, d)
				}
			}()
		}
		wg.Wait()
		return cs
	}
	run(o.warmup)
	fake.Reset()
	conns0 := fake.Conns().Accepted
	cpu0, err := cpuTime(proc.cmd.Process.Pid)
	if err != nil {
		return r, err
	}
	t0 := time.Now()
	cs := run(o.duration)
	elapsed := time.Since(t0)
	cpu1, _ := cpuTime(proc.cmd.Process.Pid)
	r.peakRSS, err = peakRSS(proc.cmd.Process.Pid)
	if err != nil {
		return r, err
	}
	var all []time.Duration
	for _, c := range cs {
		all = append(all, c.lat...)
		r.errors += c.failed
		if c.last != nil && r.firstError == "" {
			r.firstError = c.last.Error()
		}
	}
	if len(all) == 0 {
		return r, fmt.Errorf("%s/%s: no request succeeded: %s", shape, mode, r.firstError)
	}
	slices.Sort(all)
	r.requests = len(all)
	r.rps = float64(len(all)) / elapsed.Seconds()
	r.p50 = all[len(all)*50/100]
	r.p99 = all[min(len(all)-1, len(all)*99/100)]
	// Failed requests count too: they cost upstream requests as well.
	sent := float64(len(all) + r.errors)
	r.upstreamPerQuery = float64(fake.RequestCount()) / sent
	r.connsPerQuery = float64(fake.Conns().Accepted-conns0) / sent
	r.cpuPerQuery = (cpu1 - cpu0) / time.Duration(len(all)+r.errors)
	return r, ctx.Err()
}

// answers holds each shape's first answer and upstream request count, by
// the first mode that ran it: every mode must answer alike, and the direct
// baseline must send what batched flowgate sends.
var (
	answersMu sync.Mutex
	answers   = map[string]struct {
		mode     string
		body     []byte
		upstream int
	}{}
)

func sameAnswer(shape, mode string, body []byte, upstream int) error {
	// The data must be the same; extensions (flowgate's cost) may differ.
	var v struct {
		Data any `json:"data"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s/%s: answer is not JSON: %w", shape, mode, err)
	}
	norm, _ := json.Marshal(v.Data)
	answersMu.Lock()
	defer answersMu.Unlock()
	a, ok := answers[shape]
	if !ok {
		a.mode, a.body, a.upstream = mode, norm, upstream
		answers[shape] = a
		return nil
	}
	if !bytes.Equal(a.body, norm) {
		return fmt.Errorf("%s: %s answers differently from %s:\n%.400s\n%.400s", shape, mode, a.mode, norm, a.body)
	}
	if mode == "direct" && a.mode == "batched" && upstream != a.upstream {
		return fmt.Errorf("%s: direct sent %d upstream requests, batched flowgate %d", shape, upstream, a.upstream)
	}
	return nil
}

// process is a running flowgate.
type process struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed when it has exited
	exitErr error
}

var listening = regexp.MustCompile(`"msg":"flowgate listening".*?"addr":"([^"]+)"`)

// start runs the binary on a free port against upstream, with env added,
// and waits until /healthz answers.
func start(ctx context.Context, bin, upstream string, env ...string) (*process, string, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(append(os.Environ(),
		"ADDR=127.0.0.1:0",
		"AUTHENTIK_URL="+upstream,
		"AUTHENTIK_TOKEN="+upstreamtest.AdminToken,
		"DEMO=false",
	), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s (run make build first): %w", bin, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		// Read the log to its end, so that logging never blocks flowgate.
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if m := listening.FindSubmatch(sc.Bytes()); m != nil {
				select {
				case addr <- string(m[1]):
				default:
				}
			}
		}
		p.exitErr = cmd.Wait()
		close(p.done)
	}()
	select {
	case a := <-addr:
		base := "http://" + a
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, base+"/healthz", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return p, base, nil
				}
			}
		}
		p.stop()
		return nil, "", errors.New("flowgate does not answer /healthz")
	case <-p.done:
		return nil, "", fmt.Errorf("flowgate exited: %w", p.exitErr)
	case <-time.After(10 * time.Second):
		p.stop()
		return nil, "", errors.New("flowgate did not log its address")
	}
}

func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// loadAverage returns the 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// peakRSS reads VmHWM, the process's peak resident set size.
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// cpuTime reads the process's user+system CPU time.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which is in parentheses).
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, nil
}

// report prints the results and the naive/batched ratios as Markdown.
func report(rs []result) {
	fmt.Println()
	fmt.Println("| upstream latency | shape | server | clients | requests/s | p50 ms | p99 ms | upstream requests/query | upstream connections opened/query | server CPU ms/query | server peak RSS MiB |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		fmt.Printf("| %v | %s | %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.3f | %.1f |\n", r.latency, r.shape, label(r.mode), r.concurrency, r.rps,
			ms(r.p50), ms(r.p99), r.upstreamPerQuery, r.connsPerQuery, ms(r.cpuPerQuery), float64(r.peakRSS)/(1<<20))
	}
	fmt.Println()
	fmt.Println("flowgate (batched) relative to the direct baseline, from the same run: CPU per query and p50 latency.")
	fmt.Println()
	fmt.Println("| upstream latency | shape | clients | CPU/query (flowgate ÷ direct) | p50 (flowgate ÷ direct) | p50 flowgate − direct, ms |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: |")
	for _, b := range rs {
		if b.mode != "batched" {
			continue
		}
		for _, d := range rs {
			if d.mode == "direct" && d.shape == b.shape && d.latency == b.latency && d.concurrency == b.concurrency {
				fmt.Printf("| %v | %s | %d | %.2f× | %.2f× | %+.2f |\n", b.latency, b.shape, b.concurrency,
					ratio(b.cpuPerQuery, d.cpuPerQuery), ratio(b.p50, d.p50), ms(b.p50-d.p50))
			}
		}
	}
	fmt.Println()
	fmt.Println("Batching off (naive) relative to on (batched): how many times more upstream requests, latency and CPU, and how many times fewer requests/s.")
	fmt.Println()
	fmt.Println("| upstream latency | shape | upstream requests | p50 | p99 | CPU/query | requests/s (batched ÷ naive) |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
	for _, b := range rs {
		if b.mode != "batched" {
			continue
		}
		for _, n := range rs {
			if n.mode == "naive" && n.shape == b.shape && n.latency == b.latency && n.concurrency == b.concurrency {
				fmt.Printf("| %v | %s | %.1f× | %.1f× | %.1f× | %.1f× | %.1f× |\n", b.latency, b.shape,
					n.upstreamPerQuery/b.upstreamPerQuery, ratio(n.p50, b.p50), ratio(n.p99, b.p99), ratio(n.cpuPerQuery, b.cpuPerQuery), b.rps/n.rps)
			}
		}
	}
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// label names a mode in the report.
func label(mode string) string {
	switch mode {
	case "batched":
		return "flowgate"
	case "naive":
		return "flowgate, naive loaders"
	}
	return mode
}
