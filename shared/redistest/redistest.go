// Package redistest starts a real redis-server for tests: on a free
// loopback port, in a temporary directory, without persistence, stopped
// when the test ends. A test that needs one is skipped when redis-server
// is not installed, except under CI=true, where it fails (CI installs
// Debian's redis-server in .ci/run).
package redistest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is one redis-server process.
type Server struct {
	t    testing.TB
	bin  string
	dir  string
	port int
	args []string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start starts redis-server, or skips (fails under CI=true) when it is
// not installed. extra are more redis-server arguments ("--requirepass",
// "x").
func Start(t testing.TB, extra ...string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		bin = "/usr/bin/redis-server"
		if _, statErr := os.Stat(bin); statErr != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("redis-server is not installed (CI installs it in .ci/run): %v", err)
			}
			t.Skipf("redis-server is not installed: %v", err)
		}
	}
	s := &Server{t: t, bin: bin, dir: t.TempDir(), port: freePort(t), args: extra}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Addr is host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// URL is redis://host:port/0 (add a password with extra args yourself).
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Restart starts the server again on the same port (after Stop), empty.
func (s *Server) Restart() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	args := append([]string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"}, s.args...)
	cmd := exec.CommandContext(context.Background(), s.bin, args...)
	cmd.Dir = s.dir
	logf, err := os.Create(s.dir + "/redis.log")
	if err != nil {
		s.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting redis-server: %v", err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := ping(s.Addr(), s.password()); err == nil {
			return
		} else if time.Now().After(deadline) {
			b, _ := os.ReadFile(s.dir + "/redis.log")
			s.t.Fatalf("redis-server did not answer within 10 s: %v\n%s", err, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) password() string {
	for i, a := range s.args {
		if a == "--requirepass" && i+1 < len(s.args) {
			return s.args[i+1]
		}
	}
	return ""
}

// Stop stops the server (SIGKILL: as abrupt as a crash) and waits for it.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// ping speaks just enough RESP to check the server answers PING.
func ping(addr, password string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if password != "" {
		fmt.Fprintf(conn, "*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n", len(password), password)
	}
	fmt.Fprint(conn, "*1\r\n$4\r\nPING\r\n")
	rd := bufio.NewReader(conn)
	if password != "" {
		line, err := rd.ReadString('\n')
		if err != nil {
			return err
		}
		if !strings.HasPrefix(line, "+OK") {
			return fmt.Errorf("AUTH answered %q", strings.TrimSpace(line))
		}
	}
	line, err := rd.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("PING answered %q", strings.TrimSpace(line))
	}
	return nil
}
