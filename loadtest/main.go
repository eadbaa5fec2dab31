// Command loadtest measures the flowgate binary under load: concurrent
// clients send one query shape for a fixed time against a flowgate process
// whose upstream is a fake authentik in this process, with and without
// added upstream latency, with batching on and off (NAIVE_LOADERS=true, the
// baseline). It reports requests/s, p50/p99 latency, upstream requests and
// connections per query, flowgate's CPU time per query and its peak RSS
// (VmHWM), and the ratios naive/batched. Run it with `make load`.
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
}

type options struct {
	bin         string
	duration    time.Duration
	warmup      time.Duration
	concurrency int
	latencies   []time.Duration
	shapes      []string
	modes       []string
}

// result is one run's figures.
type result struct {
	latency          time.Duration
	shape, mode      string
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
	var lat, shp, modes string
	flag.StringVar(&o.bin, "bin", "bin/flowgate", "flowgate binary (make build)")
	flag.DurationVar(&o.duration, "duration", 8*time.Second, "measured time per run")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured time before each run")
	flag.IntVar(&o.concurrency, "concurrency", 16, "concurrent clients")
	flag.StringVar(&lat, "latencies", "0,20ms", "upstream latencies added by the fake, comma-separated")
	flag.StringVar(&shp, "shapes", "flat,nested,deep", "query shapes: flat, nested, deep")
	flag.StringVar(&modes, "modes", "batched,naive", "batched (default loaders) and/or naive (NAIVE_LOADERS=true)")
	flag.Parse()
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

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("loadtest: %s, %d clients, %v per run after %v warm-up, GOMAXPROCS %d, %s, load average %s\n",
		o.bin, o.concurrency, o.duration, o.warmup, runtime.GOMAXPROCS(0), runtime.Version(), loadAverage())
	var results []result
	for _, l := range o.latencies {
		fake := upstreamtest.NewServer(upstreamtest.WithExtraFlows(3), upstreamtest.WithLatency(l))
		for _, s := range o.shapes {
			for _, m := range o.modes {
				r, err := measure(ctx, o, fake, l, s, m)
				if err != nil {
					fake.Close()
					fatal(err)
				}
				fmt.Printf("  upstream +%-5v %-7s %-8s %7.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %5.2f upstream req/query  %d errors\n",
					l, s, m, r.rps, ms(r.p50), ms(r.p99), r.upstreamPerQuery, r.errors)
				results = append(results, r)
			}
		}
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
	if query == "" || (mode != "batched" && mode != "naive") {
		return r, fmt.Errorf("unknown shape %q or mode %q", shape, mode)
	}
	proc, base, err := start(ctx, o.bin, fake.URL, mode == "naive")
	if err != nil {
		return r, err
	}
	defer proc.stop()

	body, _ := json.Marshal(map[string]string{"query": query})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.concurrency
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
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
		return d, nil
	}
	// One request first: the shape must work at all.
	if _, err := send(); err != nil {
		return r, fmt.Errorf("%s/%s: %w", shape, mode, err)
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

// process is a running flowgate.
type process struct {
	cmd     *exec.Cmd
	done    chan struct{} // closed when it has exited
	exitErr error
}

var listening = regexp.MustCompile(`"msg":"flowgate listening".*?"addr":"([^"]+)"`)

// start runs the binary on a free port against upstream and waits until
// /healthz answers.
func start(ctx context.Context, bin, upstream string, naive bool) (*process, string, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(),
		"ADDR=127.0.0.1:0",
		"AUTHENTIK_URL="+upstream,
		"AUTHENTIK_TOKEN="+upstreamtest.AdminToken,
		"NAIVE_LOADERS="+strconv.FormatBool(naive),
		"DEMO=false",
	)
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
	fmt.Println("| upstream latency | shape | loaders | requests/s | p50 ms | p99 ms | upstream requests/query | upstream connections opened/query | flowgate CPU ms/query | flowgate peak RSS MiB |")
	fmt.Println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rs {
		fmt.Printf("| %v | %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |\n", r.latency, r.shape, r.mode, r.rps,
			ms(r.p50), ms(r.p99), r.upstreamPerQuery, r.connsPerQuery, ms(r.cpuPerQuery), float64(r.peakRSS)/(1<<20))
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
			if n.mode == "naive" && n.shape == b.shape && n.latency == b.latency {
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
