package upstreamtest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"flowgate/upstream/upstreamtest"
)

// chaosRun sends n sequential GETs with a fresh client and returns the fault
// kinds the fake logged, in order, and what the client saw.
func chaosRun(t *testing.T, c upstreamtest.Chaos, n int) (kinds []string, statuses []int, s *upstreamtest.Server) {
	t.Helper()
	s = upstreamtest.NewServer(upstreamtest.WithChaos(c))
	t.Cleanup(s.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 2 * time.Second}
	for range n {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+api+"/flows/instances/?page_size=5", nil)
		req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
		resp, err := client.Do(req)
		if err != nil {
			statuses = append(statuses, 0)
			continue
		}
		var v any
		if resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&v) != nil {
			statuses = append(statuses, -200) // 200 with a body that does not parse
		} else {
			statuses = append(statuses, resp.StatusCode)
		}
		resp.Body.Close()
	}
	for _, r := range s.Requests() {
		kinds = append(kinds, r.Fault)
	}
	return kinds, statuses, s
}

func TestChaos_DeterministicAndCounted(t *testing.T) {
	c := upstreamtest.Chaos{Error500: 0.1, Reset: 0.05, Truncate: 0.1, Slow: 0.05, SlowDelay: time.Millisecond, Seed: 7}
	kinds1, statuses, s := chaosRun(t, c, 400)
	kinds2, _, _ := chaosRun(t, c, 400)
	if !slices.Equal(kinds1, kinds2) {
		t.Fatal("the same seed gave different fault sequences to a sequential client")
	}
	c.Seed = 8
	if kinds3, _, _ := chaosRun(t, c, 400); slices.Equal(kinds1, kinds3) {
		t.Error("another seed gave the same fault sequence")
	}

	// The counters agree with the log, and the shares are about right.
	count := map[string]int{}
	for _, k := range kinds1 {
		count[k]++
	}
	st := s.ChaosStats()
	want := upstreamtest.ChaosStats{Requests: len(kinds1), Error500: count["error500"], Reset: count["reset"], Slow: count["slow"], Truncate: count["truncate"]}
	if st != want {
		t.Errorf("ChaosStats = %+v, the log says %+v", st, want)
	}
	for kind, share := range map[string]float64{"error500": 0.1, "reset": 0.05, "truncate": 0.1, "slow": 0.05} {
		if got := float64(count[kind]) / float64(len(kinds1)); got < share/2 || got > share*2 {
			t.Errorf("%s: share %.3f, want about %.2f", kind, got, share)
		}
	}

	// What the client saw matches what was injected. Resets the transport
	// retried are two log entries for one call, so match per kind, not
	// per position.
	seen := map[int]int{}
	for _, st := range statuses {
		seen[st]++
	}
	if seen[500] != count["error500"] {
		t.Errorf("client saw %d 500s, fake injected %d", seen[500], count["error500"])
	}
	if seen[-200] != count["truncate"] {
		t.Errorf("client saw %d truncated bodies, fake injected %d", seen[-200], count["truncate"])
	}
	if seen[0] == 0 || seen[0] > count["reset"] {
		t.Errorf("client saw %d failed calls for %d resets", seen[0], count["reset"])
	}
	if seen[200]+seen[500]+seen[-200]+seen[0] != 400 {
		t.Errorf("unexpected statuses: %v", seen)
	}
}

func TestChaos_HTML500AndTruncation(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithChaos(upstreamtest.Chaos{Error500: 1}))
	defer s.Close()
	r := get(t, s, api+"/flows/instances/")
	expect(t, r, 500, "")
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "Server Error (500)") {
		t.Errorf("500 answer: %s %s", r.header.Get("Content-Type"), r.body)
	}
	s.SetChaos(upstreamtest.Chaos{Truncate: 1})
	r = get(t, s, api+"/flows/instances/")
	expect(t, r, 200, "")
	if json.Valid(r.body) || !strings.HasPrefix(string(r.body), `{"pagination":`) {
		t.Errorf("truncated answer is valid JSON or not the real one: %.80s", r.body)
	}
	s.SetChaos(upstreamtest.Chaos{})
	expect(t, get(t, s, api+"/flows/instances/"), 200, "")
	if st := s.ChaosStats(); st.Error500 != 1 || st.Truncate != 1 || st.Requests != 2 {
		t.Errorf("ChaosStats = %+v", st)
	}
}

// TestChaos_ResetIsRetriedByGo pins net/http's behaviour the counts must
// allow for: a GET on a reused connection that is reset is sent again.
func TestChaos_ResetIsRetriedByGo(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	send := func() error {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+api+"/stages/all/", nil)
		req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body) // so that the connection is reused
			resp.Body.Close()
		}
		return err
	}
	if err := send(); err != nil { // leaves a keep-alive connection
		t.Fatal(err)
	}
	s.SetChaos(upstreamtest.Chaos{Reset: 1})
	if err := send(); err == nil {
		t.Fatal("a reset connection must fail the call")
	}
	if st := s.ChaosStats(); st.Reset != 2 || s.RequestCount() != 3 {
		t.Errorf("one failed call: %d resets, %d requests logged; want 2 and 3 (Go retried once)", st.Reset, s.RequestCount())
	}
}

func TestChaos_SlowAndLatency(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithChaos(upstreamtest.Chaos{Slow: 1, SlowDelay: 10 * time.Second}))
	defer s.Close()
	client := &http.Client{Timeout: 50 * time.Millisecond}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+api+"/stages/all/", nil)
	_, err := client.Do(req)
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("slow answer: %v, want a client timeout", err)
	}
	s.SetChaos(upstreamtest.Chaos{Latency: 30 * time.Millisecond})
	start := time.Now()
	expect(t, get(t, s, api+"/stages/all/"), 200, "")
	if time.Since(start) < 30*time.Millisecond {
		t.Error("chaos latency not applied")
	}
	if st := s.ChaosStats(); st.Slow != 1 || st.Requests != 2 {
		t.Errorf("ChaosStats = %+v", st)
	}
}

func TestChaos_TargetedFaultsWin(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithChaos(upstreamtest.Chaos{Error500: 1}))
	defer s.Close()
	s.Inject(upstreamtest.Fault{Times: 1, Status: 418, Body: `{"detail":"teapot"}`})
	expect(t, get(t, s, api+"/stages/all/"), 418, `{"detail":"teapot"}`)
	expect(t, get(t, s, api+"/stages/all/"), 500, "")
	log := s.Requests()
	if log[0].Fault != upstreamtest.FaultTargeted || log[1].Fault != upstreamtest.FaultError500 {
		t.Errorf("faults logged: %q, %q", log[0].Fault, log[1].Fault)
	}
	if st := s.ChaosStats(); st.Error500 != 1 {
		t.Errorf("ChaosStats = %+v: a targeted fault is not a chaos fault", st)
	}
}

func TestChaos_InvalidPanics(t *testing.T) {
	for _, c := range []upstreamtest.Chaos{{Error500: 0.6, Reset: 0.6}, {Slow: -0.1}, {Truncate: 2}, {Latency: -time.Second}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SetChaos(%+v) did not panic", c)
				}
			}()
			upstreamtest.NewFake().SetChaos(c)
		}()
	}
}

func TestServer_Conns(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	client := &http.Client{Transport: tr}
	for range 3 {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+api+"/stages/all/", nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if c := s.Conns(); c.Accepted != 1 || c.Open != 1 || c.Peak != 1 {
		t.Errorf("after three sequential calls on one connection: %+v", c)
	}
	tr.CloseIdleConnections()
	deadline := time.Now().Add(5 * time.Second)
	for s.Conns().Open != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("connection still open after the client closed it: %+v", s.Conns())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestTakeRequests(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	get(t, s, api+"/stages/all/")
	get(t, s, api+"/flows/instances/")
	got := s.TakeRequests()
	if len(got) != 2 || got[0].Path != api+"/stages/all/" || got[1].Path != api+"/flows/instances/" || s.RequestCount() != 0 {
		t.Errorf("TakeRequests = %d requests, %d left", len(got), s.RequestCount())
	}
}
