// Command netguard runs a command so that it, and every process it starts,
// may connect only to loopback (127.0.0.0/8, ::1). Any other destination,
// TCP or UDP (DNS included), is refused in the kernel before a packet leaves,
// and reported when the command ends; netguard then exits non-zero. (A UDP
// socket may connect() anywhere, which sends nothing; its datagrams may not.)
//
//	netguard run [--name NAME] [--report FILE [--report-every 2s]] [--adopt PID]... [--min-allowed N] -- COMMAND [ARG...]
//
// It is a cgroup (v2) with BPF programs on connect() and UDP sendmsg(); it
// needs root (CAP_SYS_ADMIN and CAP_BPF) and a kernel with CONFIG_CGROUP_BPF.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/workspaces-backstage/netguard/guard"
)

// Exit codes of netguard itself; otherwise it exits with the command's code.
const (
	exitUsage        = 2
	exitSetup        = 70 // the guard could not be set up
	exitDenied       = 71 // the command succeeded, but something tried to connect outside loopback
	exitTooFewAllows = 72 // fewer loopback connections than --min-allowed: the guard saw nothing to guard
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "run" {
		fmt.Fprintln(os.Stderr, "usage: netguard run [--name NAME] [--report FILE] [--adopt PID]... [--min-allowed N] -- COMMAND [ARG...]")
		os.Exit(exitUsage)
	}
	os.Exit(run(os.Args[2:]))
}

type pids []int

func (p *pids) String() string { return fmt.Sprint(*p) }
func (p *pids) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return fmt.Errorf("not a pid: %q", v)
	}
	*p = append(*p, n)
	return nil
}

func run(args []string) int {
	fs := flag.NewFlagSet("netguard run", flag.ContinueOnError)
	name := fs.String("name", "run", "a word naming the guarded run (part of the cgroup's name)")
	reportPath := fs.String("report", "", "write what the guard saw to this file as JSON")
	reportEvery := fs.Duration("report-every", 2*time.Second, "with --report, also write the report this often while the command runs")
	minAllowed := fs.Uint64("min-allowed", 0, "fail unless at least this many loopback connections were seen (shows the guard was in the path)")
	var adopt pids
	fs.Var(&adopt, "adopt", "move this running process and its descendants into the guard too (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	command := fs.Args()
	if len(command) == 0 {
		fmt.Fprintln(os.Stderr, "netguard: no command given")
		return exitUsage
	}

	g, err := guard.New(*name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "netguard: cannot set up the guard: %v\n", err)
		return exitSetup
	}
	defer g.Close()
	for _, pid := range adopt {
		if err := g.Adopt(pid); err != nil {
			fmt.Fprintf(os.Stderr, "netguard: %v\n", err)
			return exitSetup
		}
	}

	stopReporting := make(chan struct{})
	if *reportPath != "" && *reportEvery > 0 {
		go func() {
			for {
				select {
				case <-stopReporting:
					return
				case <-time.After(*reportEvery):
					if r, err := g.Report(); err == nil {
						writeReport(*reportPath, r, false)
					}
				}
			}
		}()
	}
	code, err := runIn(g, command)
	close(stopReporting)
	if err != nil {
		fmt.Fprintf(os.Stderr, "netguard: %v\n", err)
		return exitSetup
	}
	report, err := g.Report()
	if err != nil {
		fmt.Fprintf(os.Stderr, "netguard: %v\n", err)
		return exitSetup
	}
	if *reportPath != "" {
		writeReport(*reportPath, report, true)
	}
	fmt.Fprintln(os.Stderr, summary(report))
	if left := g.Processes(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "netguard: %d process(es) outlive the command and are no longer guarded: %s\n", len(left), describe(left))
	}
	switch {
	case code != 0:
		return code
	case report.DeniedCount() > 0:
		return exitDenied
	case report.Allowed < *minAllowed:
		fmt.Fprintf(os.Stderr, "netguard: expected at least %d loopback connections, saw %d: the guarded processes were not the ones doing the work\n", *minAllowed, report.Allowed)
		return exitTooFewAllows
	}
	return 0
}

// runIn runs the command inside the guard and returns its exit code.
// SIGINT, SIGTERM and SIGHUP are passed on to it.
func runIn(g *guard.Guard, command []string) (int, error) {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	if err := g.Start(cmd); err != nil {
		return 0, fmt.Errorf("start %s: %w", command[0], err)
	}
	go func() {
		for sig := range signals {
			_ = cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return 128 + int(status.Signal()), nil
		}
		return exitErr.ExitCode(), nil
	}
	return 0, err
}

// fileReport is the report file: what the guard saw so far, and whether the
// command has ended (final).
type fileReport struct {
	guard.Report
	Final bool `json:"final"`
}

// writeReport replaces the report file in one step, so a reader never sees
// half of it.
func writeReport(path string, r guard.Report, final bool) {
	b, _ := json.MarshalIndent(fileReport{Report: r, Final: final}, "", "  ")
	tmp := path + ".tmp"
	if os.WriteFile(tmp, append(b, '\n'), 0o644) == nil {
		_ = os.Rename(tmp, path)
	}
}

func summary(r guard.Report) string {
	var b strings.Builder
	if len(r.Denied) == 0 {
		fmt.Fprintf(&b, "netguard: %d connections, all to loopback; none refused", r.Allowed)
	} else {
		var n uint64
		for _, d := range r.Denied {
			n += d.Count
		}
		fmt.Fprintf(&b, "netguard: REFUSED %d connection attempt(s) or packet(s) outside loopback (and allowed %d to loopback):", n, r.Allowed)
		writeDestinations(&b, r.Denied)
	}
	if len(r.Probes) > 0 {
		b.WriteString("\nnetguard: UDP sockets connected outside loopback without sending (route probes; a datagram would have been refused):")
		writeDestinations(&b, r.Probes)
	}
	return b.String()
}

func writeDestinations(b *strings.Builder, list []guard.Destination) {
	for _, d := range list {
		host := d.Address
		if d.Family == 6 {
			host = "[" + host + "]"
		}
		fmt.Fprintf(b, "\n  %s %s:%d by %q, %d time(s)", d.Protocol, host, d.Port, d.Command, d.Count)
	}
}

func describe(list []int) string {
	var parts []string
	for _, p := range list {
		comm, _ := os.ReadFile("/proc/" + strconv.Itoa(p) + "/comm")
		parts = append(parts, fmt.Sprintf("%d (%s)", p, strings.TrimSpace(string(comm))))
	}
	return strings.Join(parts, ", ")
}
