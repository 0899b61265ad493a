// Package guard keeps processes to loopback: a cgroup (v2) with BPF programs
// on connect(), UDP sendmsg() and egress that let 127.0.0.0/8 and ::1
// through and refuse or drop every other destination before a packet leaves,
// counting both (see program.go).
package guard

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
)

// Guard is a cgroup (v2) whose processes may connect only to loopback. Every
// process started in it or moved into it, and all their descendants, are
// covered; connections to anything else fail with EPERM and are recorded.
type Guard struct {
	// Path is the cgroup's directory.
	Path  string
	maps  maps
	progs []*ebpf.Program
	links []link.Link
}

// Destination is one refused destination and how often it was tried.
type Destination struct {
	Family   int    `json:"family"`
	Protocol string `json:"protocol"`
	Address  string `json:"address"`
	Port     int    `json:"port"`
	Command  string `json:"command"`
	Count    uint64 `json:"count"`
}

// Report is what a guard saw.
type Report struct {
	Allowed uint64 `json:"allowedLoopbackConnections"`
	// Denied are the refused connections and dropped packets.
	Denied []Destination `json:"deniedDestinations"`
	// Probes are UDP sockets connected to an address outside loopback, which
	// sends nothing; a datagram they then send is denied.
	Probes []Destination `json:"udpConnectProbes"`
}

// DeniedCount is the number of refused connection attempts.
func (r Report) DeniedCount() uint64 {
	var n uint64
	for _, d := range r.Denied {
		n += d.Count
	}
	return n
}

// New creates a cgroup named name below the caller's own cgroup (so a
// guard inside a guard is covered by both) and attaches the programs.
func New(name string) (*Guard, error) {
	parent, err := OwnCgroupDir()
	if err != nil {
		return nil, err
	}
	return Create(filepath.Join(parent, fmt.Sprintf("netguard-%s-%d", name, os.Getpid())))
}

// Create makes the cgroup directory path (in the cgroup v2 hierarchy) and
// attaches the programs to it; its sub-cgroups are covered too.
func Create(path string) (*Guard, error) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		return nil, errors.New("netguard supports little-endian machines only")
	}
	g := &Guard{Path: path}
	if err := os.Mkdir(g.Path, 0o755); err != nil {
		return nil, fmt.Errorf("create cgroup: %w", err)
	}
	if err := g.attach(); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

func (g *Guard) attach() error {
	var err error
	if g.maps.allowed, err = ebpf.NewMap(&ebpf.MapSpec{Name: "ng_allowed", Type: ebpf.Array, KeySize: 4, ValueSize: 8, MaxEntries: 1}); err != nil {
		return fmt.Errorf("create map: %w", err)
	}
	for _, m := range []struct {
		name string
		to   **ebpf.Map
	}{{"ng_denied", &g.maps.denied}, {"ng_probes", &g.maps.probes}} {
		if *m.to, err = ebpf.NewMap(&ebpf.MapSpec{Name: m.name, Type: ebpf.Hash, KeySize: deniedKeySize, ValueSize: 8, MaxEntries: 4096}); err != nil {
			return fmt.Errorf("create map: %w", err)
		}
	}
	hooks := []struct {
		typ    ebpf.ProgramType
		attach ebpf.AttachType
		insns  asm.Instructions
	}{
		{ebpf.CGroupSockAddr, ebpf.AttachCGroupInet4Connect, connectProgram(4, g.maps)},
		{ebpf.CGroupSockAddr, ebpf.AttachCGroupInet6Connect, connectProgram(6, g.maps)},
		{ebpf.CGroupSockAddr, ebpf.AttachCGroupUDP4Sendmsg, sendmsgProgram(4, g.maps)},
		{ebpf.CGroupSockAddr, ebpf.AttachCGroupUDP6Sendmsg, sendmsgProgram(6, g.maps)},
		{ebpf.CGroupSKB, ebpf.AttachCGroupInetEgress, egressProgram(g.maps)},
	}
	for _, h := range hooks {
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
			Name:         "netguard",
			Type:         h.typ,
			AttachType:   h.attach,
			Instructions: h.insns,
			License:      "Apache-2.0",
		})
		if err != nil {
			return fmt.Errorf("load program for %s: %w", h.attach, err)
		}
		g.progs = append(g.progs, prog)
		l, err := link.AttachCgroup(link.CgroupOptions{Path: g.Path, Attach: h.attach, Program: prog})
		if err != nil {
			return fmt.Errorf("attach %s: %w", h.attach, err)
		}
		g.links = append(g.links, l)
	}
	return nil
}

// Start starts cmd inside the guard's cgroup: clone3 with CLONE_INTO_CGROUP,
// so not even its first instruction runs unguarded. Other SysProcAttr
// settings of cmd are kept.
func (g *Guard) Start(cmd *exec.Cmd) error {
	dir, err := os.Open(g.Path)
	if err != nil {
		return err
	}
	defer dir.Close()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.UseCgroupFD = true
	cmd.SysProcAttr.CgroupFD = int(dir.Fd())
	return cmd.Start()
}

// Adopt moves a running process and all its descendants into the guard.
// Sockets they opened before keep their old cgroup; new ones are guarded.
func (g *Guard) Adopt(pid int) error {
	for _, p := range append([]int{pid}, descendants(pid)...) {
		if err := os.WriteFile(filepath.Join(g.Path, "cgroup.procs"), []byte(strconv.Itoa(p)), 0o644); err != nil {
			if errors.Is(err, os.ErrNotExist) || strings.Contains(err.Error(), "no such process") {
				continue // exited meanwhile
			}
			return fmt.Errorf("adopt pid %d: %w", p, err)
		}
	}
	return nil
}

// Processes lists the pids still in the guard.
func (g *Guard) Processes() []int {
	b, err := os.ReadFile(filepath.Join(g.Path, "cgroup.procs"))
	if err != nil {
		return nil
	}
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if p, err := strconv.Atoi(f); err == nil {
			pids = append(pids, p)
		}
	}
	return pids
}

// Report reads the counters.
func (g *Guard) Report() (Report, error) {
	r := Report{}
	if err := g.maps.allowed.Lookup(uint32(0), &r.Allowed); err != nil {
		return r, fmt.Errorf("read allowed count: %w", err)
	}
	var err error
	if r.Denied, err = destinations(g.maps.denied); err != nil {
		return r, err
	}
	if r.Probes, err = destinations(g.maps.probes); err != nil {
		return r, err
	}
	return r, nil
}

func destinations(m *ebpf.Map) ([]Destination, error) {
	out := []Destination{}
	var key [deniedKeySize]byte
	var count uint64
	it := m.Iterate()
	for it.Next(&key, &count) {
		out = append(out, decodeDenied(key, count))
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read destinations: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

func decodeDenied(key [deniedKeySize]byte, count uint64) Destination {
	le := binary.LittleEndian
	d := Destination{Family: int(le.Uint32(key[0:4])), Count: count}
	switch le.Uint32(key[4:8]) {
	case 6:
		d.Protocol = "tcp"
	case 17:
		d.Protocol = "udp"
	default:
		d.Protocol = strconv.Itoa(int(le.Uint32(key[4:8])))
	}
	d.Port = int(binary.BigEndian.Uint16(key[8:10]))
	if d.Family == 4 {
		d.Address = netip.AddrFrom4([4]byte(key[16:20])).String()
	} else {
		d.Address = netip.AddrFrom16([16]byte(key[16:32])).String()
	}
	d.Command = strings.TrimRight(string(key[32:48]), "\x00")
	return d
}

// Close detaches the programs and removes the cgroup when it is empty.
// Processes still in it keep running, no longer guarded.
func (g *Guard) Close() {
	for _, l := range g.links {
		_ = l.Close()
	}
	for _, p := range g.progs {
		_ = p.Close()
	}
	for _, m := range []*ebpf.Map{g.maps.allowed, g.maps.denied, g.maps.probes} {
		if m != nil {
			_ = m.Close()
		}
	}
	_ = os.Remove(g.Path)
}

// OwnCgroupDir is the directory of this process's cgroup in the cgroup v2
// hierarchy (mounted alone, or as "unified" beside the v1 controllers).
func OwnCgroupDir() (string, error) {
	mount, err := cgroupV2Mount()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "0::"); ok {
			return filepath.Join(mount, rest), nil
		}
	}
	return "", errors.New("this process has no cgroup v2 entry in /proc/self/cgroup")
}

func cgroupV2Mount() (string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// ... mount-point ... - fstype source options
		fields := strings.Fields(sc.Text())
		for i, field := range fields {
			if field == "-" && i+1 < len(fields) && fields[i+1] == "cgroup2" && len(fields) > 4 {
				return fields[4], nil
			}
		}
	}
	return "", errors.New("no cgroup v2 hierarchy is mounted (mount -t cgroup2 none /sys/fs/cgroup/unified)")
}

// descendants lists the pids whose ancestry leads to pid.
func descendants(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) > 1 {
			if ppid, err := strconv.Atoi(fields[1]); err == nil {
				children[ppid] = append(children[ppid], p)
			}
		}
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		out = append(out, children[p]...)
		queue = append(queue, children[p]...)
	}
	return out
}
