// Command replicas measures the upstream cache: the dashboard's list query
// against a fake authentik that answers each request after a fixed latency,
// with the cache off, on in one process, and on in three flowgate
// processes sharing one redis-server (clients spread over them). It
// reports requests/s, p50/p99, upstream requests per query and the Redis
// commands (each one round trip) per query and per cached upstream answer.
// Run it with `make bench-replicas` (needs redis-server).
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
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"flowgate/upstream/upstreamtest"
)

// dashboardQuery is the dashboard's list screen (web/dashboard/dashboard.js).
const dashboardQuery = `query DashboardFlows {
  flows(first: 100) {
    totalCount
    nodes {
      slug
      name
      title
      designation
      bindings { pk order stage { pk name verboseName } }
    }
  }
}`

type mode struct {
	name     string
	replicas int
	cache    bool
	redis    bool
}

var modes = []mode{
	{"cache off", 1, false, false},
	{"cache on, in-process", 1, true, false},
	{"cache off, 3 replicas + Redis", 3, false, true},
	{"cache on, 3 replicas + Redis", 3, true, true},
}

func main() {
	bin := flag.String("bin", "bin/flowgate", "flowgate binary (make build)")
	duration := flag.Duration("duration", 8*time.Second, "measured time per mode")
	warmup := flag.Duration("warmup", time.Second, "unmeasured time before each mode")
	concurrency := flag.Int("concurrency", 16, "concurrent clients")
	latency := flag.Duration("latency", 20*time.Millisecond, "upstream latency added by the fake")
	redisBin := flag.String("redis-server", "redis-server", "redis-server binary")
	flag.Parse()
	ctx := context.Background()

	fake := upstreamtest.NewServer(upstreamtest.WithExtraFlows(3), upstreamtest.WithLatency(*latency))
	defer fake.Close()
	fmt.Printf("Dashboard list query (flows(first: 100) with bindings and stages), upstream +%v, %d clients, %v per mode, one caller.\n\n", *latency, *concurrency, *duration)
	fmt.Println("| mode | requests/s | p50 ms | p99 ms | upstream requests/query | Redis commands/query | Redis commands per cached upstream answer |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
	for _, m := range modes {
		r, err := measure(ctx, m, *bin, *redisBin, fake, *concurrency, *warmup, *duration)
		if err != nil {
			fmt.Fprintf(os.Stderr, "replicas: %s: %v\n", m.name, err)
			os.Exit(1)
		}
		perCached := "–"
		if m.redis && r.cachedAnswers > 0 {
			perCached = fmt.Sprintf("%.2f", r.redisCommands/r.cachedAnswers)
		}
		redisPer := "–"
		if m.redis {
			redisPer = fmt.Sprintf("%.2f", r.redisCommands/r.sent)
		}
		fmt.Printf("| %s | %.0f | %.2f | %.2f | %.2f | %s | %s |\n", m.name, r.rps,
			float64(r.p50.Microseconds())/1000, float64(r.p99.Microseconds())/1000, r.upstream/r.sent, redisPer, perCached)
	}
}

type result struct {
	rps, sent, upstream, redisCommands, cachedAnswers float64
	p50, p99                                          time.Duration
}

func measure(ctx context.Context, m mode, bin, redisBin string, fake *upstreamtest.Server, concurrency int, warmup, d time.Duration) (result, error) {
	var r result
	env := []string{"AUTHENTIK_URL=" + fake.URL, "AUTHENTIK_TOKEN=" + upstreamtest.AdminToken, "DEMO=false"}
	if m.cache {
		env = append(env, "CACHE_TTL=60s")
	}
	var rd *redisProc
	if m.redis {
		var err error
		if rd, err = startRedis(redisBin); err != nil {
			return r, err
		}
		defer rd.stop()
		env = append(env, "REDIS_URL=redis://"+rd.addr+"/0", "REDIS_KEY_SECRET=benchmark-secret-0123456789")
	}
	var bases []string
	for range m.replicas {
		p, base, err := startFlowgate(ctx, bin, env)
		if err != nil {
			return r, err
		}
		defer func() { _ = p.Process.Kill() }()
		bases = append(bases, base)
	}
	body, _ := json.Marshal(map[string]string{"query": dashboardQuery})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = concurrency
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	send := func(base string) (time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || bytes.Contains(b, []byte(`"errors"`)) {
			return 0, fmt.Errorf("status %d: %.300s", resp.StatusCode, b)
		}
		return time.Since(t0), nil
	}
	run := func(d time.Duration) ([]time.Duration, error) {
		lats := make([][]time.Duration, concurrency)
		errs := make([]error, concurrency)
		end := time.Now().Add(d)
		var wg sync.WaitGroup
		for i := range concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := i; time.Now().Before(end); n++ {
					l, err := send(bases[n%len(bases)])
					if err != nil {
						errs[i] = err
						return
					}
					lats[i] = append(lats[i], l)
				}
			}()
		}
		wg.Wait()
		var all []time.Duration
		for _, l := range lats {
			all = append(all, l...)
		}
		return all, errors.Join(errs...)
	}
	if _, err := run(warmup); err != nil {
		return r, err
	}
	fake.Reset()
	cmds0 := rd.commands()
	hits0 := scrapeHits(hc, bases)
	t0 := time.Now()
	all, err := run(d)
	if err != nil {
		return r, err
	}
	elapsed := time.Since(t0)
	slices.Sort(all)
	r.sent = float64(len(all))
	r.rps = r.sent / elapsed.Seconds()
	r.p50, r.p99 = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)]
	r.upstream = float64(fake.RequestCount())
	r.redisCommands = rd.commands() - cmds0 - 1 // the INFO of the first count
	r.cachedAnswers = scrapeHits(hc, bases) - hits0
	return r, nil
}

var hitLine = regexp.MustCompile(`(?m)^flowgate_cache_lookups_total\{result="hit"\} (\S+)$`)

// scrapeHits sums the cache hits of the processes' /metrics.
func scrapeHits(hc *http.Client, bases []string) float64 {
	n := 0.0
	for _, b := range bases {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, b+"/metrics", nil)
		resp, err := hc.Do(req)
		if err != nil {
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if m := hitLine.FindSubmatch(body); m != nil {
			v, _ := strconv.ParseFloat(string(m[1]), 64)
			n += v
		}
	}
	return n
}

var listening = regexp.MustCompile(`"msg":"flowgate listening".*?"addr":"([^"]+)"`)

func startFlowgate(ctx context.Context, bin string, env []string) (*exec.Cmd, string, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(append(os.Environ(), "ADDR=127.0.0.1:0", "LOG_LEVEL=info"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s (run make build first): %w", bin, err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
				_, _ = io.Copy(io.Discard, stderr)
				return
			}
		}
		close(addr)
	}()
	select {
	case a, ok := <-addr:
		if ok {
			return cmd, "http://" + a, nil
		}
	case <-time.After(30 * time.Second):
	}
	_ = cmd.Process.Kill()
	return nil, "", fmt.Errorf("flowgate did not start listening")
}

type redisProc struct {
	cmd  *exec.Cmd
	addr string
	dir  string
}

func startRedis(bin string) (*redisProc, error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir, err := os.MkdirTemp("", "flowgate-bench-redis")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(context.Background(), bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start redis-server: %w", err)
	}
	r := &redisProc{cmd: cmd, addr: "127.0.0.1:" + strconv.Itoa(port), dir: dir}
	for range 200 {
		if r.commands() >= 0 {
			return r, nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	r.stop()
	return nil, errors.New("redis-server did not answer")
}

func (r *redisProc) stop() {
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	_ = os.RemoveAll(r.dir)
}

// commands is Redis's total_commands_processed (-1 when it does not
// answer; 0 without Redis). It costs one command itself.
func (r *redisProc) commands() float64 {
	if r == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", r.addr)
	if err != nil {
		return -1
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	fmt.Fprint(conn, "*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n")
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "total_commands_processed:"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return n
		}
	}
	return -1
}
