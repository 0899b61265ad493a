package runtime

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"github.com/workspaces-backstage/netguard/guard"
	"k8s.io/klog/v2"
)

// Every process of a pod is in a cgroup of the pod, below one cgroup of all
// pods of this kube-local, which is in tools/netguard's loopback guard: a
// pod's processes may connect only to loopback, like everything we run
// here. The pod's cgroup rewrites a bind to the wildcard address (0.0.0.0,
// ::) into a bind to the pod's own loopback address, which is what the
// wildcard means inside a pod's network namespace: two pods serve the same
// port, each on its own address. Binds to 127.0.0.1 stay (as in a pod, they
// reach only what runs on the same host).

// podCgroups is the cgroup of all pods, with its guard.
type podCgroups struct {
	root  string
	guard *guard.Guard
}

func newPodCgroups(name string) (*podCgroups, error) {
	own, err := guard.OwnCgroupDir()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(own, name)
	killCgroup(root) // left by a kube-local of the same data dir that was killed
	g, err := guard.Create(root)
	if err != nil {
		return nil, fmt.Errorf("pods' cgroup: %w", err)
	}
	return &podCgroups{root: root, guard: g}, nil
}

// podCgroup is one pod's cgroup, with its bind rewrite.
type podCgroup struct {
	path  string
	progs []*ebpf.Program
	links []link.Link
}

func (p *podCgroups) create(podUID string, podIP netip.Addr) (*podCgroup, error) {
	path := filepath.Join(p.root, "pod-"+podUID)
	killCgroup(path)
	if err := os.Mkdir(path, 0o755); err != nil {
		return nil, fmt.Errorf("pod cgroup: %w", err)
	}
	cg := &podCgroup{path: path}
	if !podIP.Is4() {
		return cg, nil
	}
	for _, h := range []struct {
		attach ebpf.AttachType
		insns  asm.Instructions
	}{
		{ebpf.AttachCGroupInet4Bind, bind4Program(podIP)},
		{ebpf.AttachCGroupInet6Bind, bind6Program(podIP)},
	} {
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
			Name: "klbind", Type: ebpf.CGroupSockAddr, AttachType: h.attach, Instructions: h.insns, License: "Apache-2.0",
		})
		if err != nil {
			cg.close()
			return nil, fmt.Errorf("bind program: %w", err)
		}
		cg.progs = append(cg.progs, prog)
		l, err := link.AttachCgroup(link.CgroupOptions{Path: path, Attach: h.attach, Program: prog})
		if err != nil {
			cg.close()
			return nil, fmt.Errorf("attach bind program: %w", err)
		}
		cg.links = append(cg.links, l)
	}
	return cg, nil
}

// containerCgroup makes the cgroup of one container instance.
func (cg *podCgroup) containerCgroup(name string) (string, error) {
	path := filepath.Join(cg.path, name)
	killCgroup(path)
	return path, os.Mkdir(path, 0o755)
}

func (cg *podCgroup) close() {
	for _, l := range cg.links {
		_ = l.Close()
	}
	for _, p := range cg.progs {
		_ = p.Close()
	}
	killCgroup(cg.path)
}

// killCgroup kills every process of a cgroup and its sub-cgroups, and
// removes them.
func killCgroup(path string) {
	if _, err := os.Stat(path); err != nil {
		return
	}
	entries, _ := os.ReadDir(path)
	for _, e := range entries {
		if e.IsDir() {
			killCgroup(filepath.Join(path, e.Name()))
		}
	}
	if err := os.WriteFile(filepath.Join(path, "cgroup.kill"), []byte("1"), 0o644); err != nil {
		// before Linux 5.14: one by one
		for _, pid := range cgroupPids(path) {
			_ = killPid(pid)
		}
	}
	for i := 0; i < 100; i++ {
		if err := os.Remove(path); err == nil || os.IsNotExist(err) {
			return
		}
		waitABit()
	}
	klog.Warningf("cgroup %s: processes left: %v", path, cgroupPids(path))
}

func cgroupPids(path string) []int {
	b, _ := os.ReadFile(filepath.Join(path, "cgroup.procs"))
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if p, err := strconv.Atoi(f); err == nil {
			pids = append(pids, p)
		}
	}
	return pids
}

// bind4Program rewrites a bind to 0.0.0.0 into one to the pod's address.
func bind4Program(podIP netip.Addr) asm.Instructions {
	ip := podIP.As4()
	word := int32(binary.LittleEndian.Uint32(ip[:])) // network order, as the kernel reads it
	return asm.Instructions{
		asm.LoadMem(asm.R2, asm.R1, offUserIP4, asm.Word),
		asm.JNE.Imm(asm.R2, 0, "done"),
		asm.Mov.Imm(asm.R3, word), // the kernel refuses immediate stores into the context
		asm.StoreMem(asm.R1, offUserIP4, asm.R3, asm.Word),
		asm.Mov.Imm(asm.R0, 1).WithSymbol("done"),
		asm.Return(),
	}
}

// bind6Program rewrites a bind to :: into one to ::ffff:<pod address>, the
// pod's address on a dual-stack socket. (A socket that is IPv6-only cannot
// bind it, and fails: our pods have IPv4 addresses only.)
func bind6Program(podIP netip.Addr) asm.Instructions {
	ip := podIP.As4()
	word := int32(binary.LittleEndian.Uint32(ip[:]))
	insns := asm.Instructions{}
	for i := int16(0); i < 4; i++ {
		insns = append(insns,
			asm.LoadMem(asm.R2, asm.R1, offUserIP6+4*i, asm.Word),
			asm.JNE.Imm(asm.R2, 0, "done"),
		)
	}
	return append(insns,
		asm.Mov.Imm(asm.R3, -65536), // 00 00 ff ff
		asm.StoreMem(asm.R1, offUserIP6+8, asm.R3, asm.Word),
		asm.Mov.Imm(asm.R3, word),
		asm.StoreMem(asm.R1, offUserIP6+12, asm.R3, asm.Word),
		asm.Mov.Imm(asm.R0, 1).WithSymbol("done"),
		asm.Return(),
	)
}

// struct bpf_sock_addr offsets (include/uapi/linux/bpf.h).
const (
	offUserIP4 = 4
	offUserIP6 = 8
)
