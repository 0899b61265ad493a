package guard

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/workspaces-backstage/netguard/internal/deadend"
)

// The test binary doubles as the guarded process: with NETGUARD_TEST_DIAL set
// it dials each "network address" of its arguments once and prints one line
// per dial: "ok", or the errno's name.
func TestMain(m *testing.M) {
	if os.Getenv("NETGUARD_TEST_DIAL") == "1" {
		for i := 0; i+1 < len(os.Args); i += 2 {
			fmt.Println(dialOnce(os.Args[i+1], os.Args[i+2]))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func dialOnce(network, address string) string {
	switch network {
	case "tcp6-socket":
		return dialIPv6Socket(address)
	case "udp-sendto":
		return sendUnconnected(address)
	}
	conn, err := net.DialTimeout(network, address, 2*time.Second)
	if err == nil && network == "udp" {
		_, err = conn.Write([]byte("x")) // a DNS-like datagram
	}
	if conn != nil {
		conn.Close()
	}
	var errno syscall.Errno
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &errno):
		return errnoName(errno)
	default:
		return err.Error()
	}
}

// sendUnconnected sends a datagram with an explicit destination (sendmsg
// with an address), as a DNS client on an unconnected socket does.
func sendUnconnected(address string) string {
	conn, err := net.ListenUDP("udp4", nil)
	if err != nil {
		return err.Error()
	}
	defer conn.Close()
	to, err := net.ResolveUDPAddr("udp4", address)
	if err != nil {
		return err.Error()
	}
	_, err = conn.WriteTo([]byte("x"), to)
	var errno syscall.Errno
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &errno):
		return errnoName(errno)
	}
	return err.Error()
}

// dialIPv6Socket connects an AF_INET6 socket, as dual-stack servers and
// clients do; Go's net package would dial a v4-mapped address over IPv4.
func dialIPv6Socket(address string) string {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err.Error()
	}
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0)
	if err != nil {
		return err.Error()
	}
	defer syscall.Close(fd)
	err = syscall.Connect(fd, &syscall.SockaddrInet6{Port: int(ap.Port()), Addr: ap.Addr().As16()})
	var errno syscall.Errno
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &errno):
		return errnoName(errno)
	}
	return err.Error()
}

func errnoName(e syscall.Errno) string {
	switch e {
	case syscall.EPERM:
		return "EPERM"
	case syscall.ECONNREFUSED:
		return "ECONNREFUSED"
	case syscall.ENETUNREACH:
		return "ENETUNREACH"
	}
	return e.Error()
}

// dialInGuard runs the dialer in the guard. outside puts it in a network
// namespace whose routes lead nowhere (package deadend), so that a broken
// guard could not send a packet off the machine either: a refused dial says
// EPERM, one the guard let through would time out.
func dialInGuard(t *testing.T, g *Guard, outside bool, targets ...string) []string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, targets...)
	if outside {
		cmd = deadend.Command(exe, targets...)
	}
	cmd.Env = append(os.Environ(), "NETGUARD_TEST_DIAL=1")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := g.Start(cmd); err != nil {
		t.Fatalf("start the dialer in the guard: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("dialer: %v\n%s", err, out.String())
	}
	return strings.Fields(out.String())
}

func newTestGuard(t *testing.T) *Guard {
	t.Helper()
	g, err := New("test")
	if err != nil {
		t.Fatalf("the guard must be available on this machine (root, cgroup v2, CONFIG_CGROUP_BPF): %v", err)
	}
	t.Cleanup(g.Close)
	return g
}

func report(t *testing.T, g *Guard) Report {
	t.Helper()
	r, err := g.Report()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRefusesTCPOutsideLoopbackWithEPERMAndRecordsIt(t *testing.T) {
	g := newTestGuard(t)
	got := dialInGuard(t, g, true, "tcp", "10.255.0.1:8888", "tcp", "10.255.0.1:8888")
	if strings.Join(got, " ") != "EPERM EPERM" {
		t.Fatalf("dials outside loopback: got %v, want EPERM twice (ENETUNREACH would mean the guard let them through)", got)
	}
	r := report(t, g)
	want := Destination{Family: 4, Protocol: "tcp", Address: "10.255.0.1", Port: 8888, Command: "guard.test", Count: 2}
	if len(r.Denied) != 1 || r.Denied[0] != want {
		t.Fatalf("denied = %+v, want [%+v]", r.Denied, want)
	}
}

func TestRefusesIPv6AndV4MappedDestinations(t *testing.T) {
	g := newTestGuard(t)
	got := dialInGuard(t, g, true, "tcp", "[fd00::9]:80", "tcp6-socket", "[::ffff:10.0.0.1]:80")
	if strings.Join(got, " ") != "EPERM EPERM" {
		t.Fatalf("got %v, want EPERM for each", got)
	}
	seen := denied(t, g)
	for _, want := range []string{"tcp fd00::9 80", "tcp ::ffff:10.0.0.1 80"} {
		if !seen[want] {
			t.Errorf("the report misses %q: %v", want, seen)
		}
	}
}

func TestRefusesDatagramsOutsideLoopbackButNotTheConnectOfAUDPSocket(t *testing.T) {
	g := newTestGuard(t)
	// "udp" connects (a probe: nothing is sent) and then writes one datagram,
	// which is dropped on egress; "udp-sendto" names the address in sendmsg.
	got := dialInGuard(t, g, true, "udp", "10.255.0.53:53", "udp-sendto", "10.255.0.54:53")
	if strings.Join(got, " ") != "EPERM EPERM" {
		t.Fatalf("got %v, want EPERM for the datagram of each", got)
	}
	seen := denied(t, g)
	for _, want := range []string{"udp 10.255.0.53 53", "udp 10.255.0.54 53"} {
		if !seen[want] {
			t.Errorf("the report misses %q: %v", want, seen)
		}
	}
	r := report(t, g)
	if len(r.Probes) != 1 || r.Probes[0].Address != "10.255.0.53" || r.Probes[0].Port != 53 {
		t.Errorf("probes = %+v, want the one UDP connect to 10.255.0.53:53", r.Probes)
	}
}

func denied(t *testing.T, g *Guard) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	for _, d := range report(t, g).Denied {
		seen[fmt.Sprintf("%s %s %d", d.Protocol, d.Address, d.Port)] = true
	}
	return seen
}

func TestAllowsAndCountsLoopbackDestinations(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	g := newTestGuard(t)
	// 127.10.0.5 has no listener: refused by the kernel's loopback, not by the guard.
	port := ln.Addr().(*net.TCPAddr).Port
	got := dialInGuard(t, g, false, "tcp", ln.Addr().String(), "tcp", "127.10.0.5:8888",
		"tcp6-socket", fmt.Sprintf("[::ffff:127.0.0.1]:%d", port), "tcp6-socket", "[::1]:1")
	if strings.Join(got, " ") != "ok ECONNREFUSED ok ECONNREFUSED" {
		t.Fatalf("got %v, want ok ECONNREFUSED ok ECONNREFUSED", got)
	}
	r := report(t, g)
	if r.Allowed != 4 || len(r.Denied) != 0 {
		t.Fatalf("report = %+v, want 4 allowed and none denied", r)
	}
}

func TestAdoptMovesAProcessTreeIntoTheGuard(t *testing.T) {
	parent := exec.Command("sh", "-c", "sleep 30 & wait")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = parent.Process.Kill(); _ = parent.Wait() }()
	var kids []int
	for i := 0; i < 50 && len(kids) == 0; i++ {
		time.Sleep(20 * time.Millisecond)
		kids = descendants(parent.Process.Pid)
	}
	if len(kids) == 0 {
		t.Fatal("the sleep child did not start")
	}
	g := newTestGuard(t)
	if err := g.Adopt(parent.Process.Pid); err != nil {
		t.Fatal(err)
	}
	in := map[int]bool{}
	for _, p := range g.Processes() {
		in[p] = true
	}
	if !in[parent.Process.Pid] || !in[kids[0]] {
		t.Fatalf("guard holds %v, want %d and its child %d", g.Processes(), parent.Process.Pid, kids[0])
	}
	_ = parent.Process.Kill()
	_ = syscall.Kill(kids[0], syscall.SIGKILL)
}
