package main

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/workspaces-backstage/kube-local/internal/sim"
)

// Each running kube-local has its own block of loopback addresses for its
// nodes and pods, so that two clusters on one machine (the demo's and a test
// run's) never give two pods the same address: a pod's processes bind it.
// A block is held by a lock file per /16 it touches, in a directory shared by
// every kube-local of the machine; the lock goes with the process, however it
// ends.
const (
	addressBlockLockDir = "/tmp/kube-local-address-blocks"
	autoBlockFirst      = 10 // auto blocks are 127.10.0.0/16 ... 127.99.0.0/16
	autoBlockLast       = 99
)

// addressBlock is a block that this process holds.
type addressBlock struct {
	prefix netip.Prefix
	locks  []*os.File
}

func (b *addressBlock) release() {
	for _, f := range b.locks {
		f.Close()
	}
}

// chooseAddressBlock takes the block of --address-block, or with "auto" the
// block this data directory had before when it is free, else the first free
// auto block; the choice is remembered in the data directory.
func chooseAddressBlock(dataDir, flagValue string) (*addressBlock, error) {
	remembered := filepath.Join(dataDir, "address-block")
	if flagValue != "auto" {
		p, err := sim.ParseAddressBlock(flagValue)
		if err != nil {
			return nil, err
		}
		if p.Overlaps(netip.MustParsePrefix(serviceCIDR)) {
			return nil, fmt.Errorf("address block %s overlaps the service range %s", p, serviceCIDR)
		}
		b, err := lockAddressBlock(p)
		if err != nil {
			return nil, err
		}
		_ = os.WriteFile(remembered, []byte(p.String()+"\n"), 0o644)
		return b, nil
	}
	var candidates []netip.Prefix
	if data, err := os.ReadFile(remembered); err == nil {
		if p, err := sim.ParseAddressBlock(strings.TrimSpace(string(data))); err == nil {
			candidates = append(candidates, p)
		}
	}
	for i := autoBlockFirst; i <= autoBlockLast; i++ {
		candidates = append(candidates, netip.MustParsePrefix(fmt.Sprintf("127.%d.0.0/16", i)))
	}
	for _, p := range candidates {
		b, err := lockAddressBlock(p)
		if err == nil {
			_ = os.WriteFile(remembered, []byte(p.String()+"\n"), 0o644)
			return b, nil
		}
		if !errors.Is(err, errBlockInUse) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("every address block 127.%d.0.0/16 ... 127.%d.0.0/16 is used by another kube-local", autoBlockFirst, autoBlockLast)
}

// refuseDataDirWithoutAddressBlock stops a data directory of a kube-local
// from before loopback addresses: its objects hold 10.x pod, node and
// service addresses, and its default ServiceCIDR cannot be changed.
func refuseDataDirWithoutAddressBlock(dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, "etcd")); err != nil {
		return nil // a new data directory
	}
	if _, err := os.Stat(filepath.Join(dataDir, "address-block")); err == nil {
		return nil
	}
	return fmt.Errorf("%s was made by an older kube-local, which gave pods, nodes and services addresses outside loopback (10.x, 172.31.x); start with an empty --data-dir (or remove this one)", dataDir)
}

var errBlockInUse = errors.New("in use")

func lockAddressBlock(p netip.Prefix) (*addressBlock, error) {
	if err := os.MkdirAll(addressBlockLockDir, 0o755); err != nil {
		return nil, fmt.Errorf("address block locks: %w", err)
	}
	b := &addressBlock{prefix: p}
	for _, second := range secondOctets(p) {
		path := filepath.Join(addressBlockLockDir, fmt.Sprintf("127.%d.lock", second))
		f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
		if err != nil {
			b.release()
			return nil, fmt.Errorf("address block lock %s: %w", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			holder, _ := os.ReadFile(path)
			f.Close()
			b.release()
			return nil, fmt.Errorf("address block %s: %w (by kube-local pid %s)", p, errBlockInUse, strings.TrimSpace(string(holder)))
		}
		_ = f.Truncate(0)
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		b.locks = append(b.locks, f)
	}
	return b, nil
}

// secondOctets are the /16s of 127.0.0.0/8 that p touches.
func secondOctets(p netip.Prefix) []int {
	first := int(p.Addr().As4()[1])
	count := 1
	if p.Bits() < 16 {
		count = 1 << (16 - p.Bits())
	}
	out := make([]int, count)
	for i := range out {
		out[i] = first + i
	}
	return out
}
