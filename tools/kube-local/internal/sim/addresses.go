package sim

import (
	"fmt"
	"math/bits"
	"net/netip"
)

// Every address kube-local hands out is a loopback address: nothing that a
// client of the cluster dials (a pod, a node's kubelet) may ever lead off the
// machine. A cluster gets one block of 127.0.0.0/8 (a /16 by default, one per
// running kube-local), split evenly between its nodes; each node's first
// address is its own, the rest are its pods'.

var loopback = netip.MustParsePrefix("127.0.0.0/8")

// ParseAddressBlock checks a cluster's address block: IPv4, inside
// 127.0.0.0/8, between a /9 and a /24.
func ParseAddressBlock(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("address block %q: %w", s, err)
	}
	p = p.Masked()
	if !p.Addr().Is4() || !loopback.Contains(p.Addr()) || p.Bits() < 9 || p.Bits() > 24 {
		return netip.Prefix{}, fmt.Errorf("address block %q must be a /9 to /24 inside 127.0.0.0/8 (loopback only)", s)
	}
	return p, nil
}

// NodeSubnets splits block evenly into one subnet per node, in node order.
func NodeSubnets(block netip.Prefix, nodes int) ([]netip.Prefix, error) {
	if nodes < 1 {
		return nil, fmt.Errorf("no nodes")
	}
	extra := bits.Len(uint(nodes - 1)) // ceil(log2(nodes))
	size := block.Bits() + extra
	if size > 28 {
		return nil, fmt.Errorf("address block %s is too small for %d nodes", block, nodes)
	}
	step := uint32(1) << (32 - size)
	base := toUint32(block.Addr())
	out := make([]netip.Prefix, nodes)
	for i := range out {
		out[i] = netip.PrefixFrom(fromUint32(base+uint32(i)*step), size)
	}
	return out, nil
}

// NodeAddress is the node's own address in its subnet: the first one after
// the subnet's base.
func NodeAddress(subnet netip.Prefix) netip.Addr { return subnet.Addr().Next() }

// ipAllocator hands out the addresses of one node's subnet to its pods,
// unique per pod while the pod exists. It goes round the subnet instead of
// reusing a freed address at once, as a kubelet's IPAM would.
type ipAllocator struct {
	subnet netip.Prefix
	node   netip.Addr
	next   netip.Addr
	owner  map[netip.Addr]string // address -> pod key
}

func newIPAllocator(subnet netip.Prefix) *ipAllocator {
	node := NodeAddress(subnet)
	return &ipAllocator{subnet: subnet, node: node, next: node.Next(), owner: map[netip.Addr]string{}}
}

// usable says whether a pod may have addr: inside the subnet, not the
// subnet's base or the node's address, and not ending in .0 or .255 (valid
// on loopback, but surprising to people and to some software).
func (a *ipAllocator) usable(addr netip.Addr) bool {
	if !a.subnet.Contains(addr) || addr == a.subnet.Addr() || addr == a.node {
		return false
	}
	last := addr.As4()[3]
	return last != 0 && last != 255
}

// allocate gives key a free address, or an error when the subnet is full.
func (a *ipAllocator) allocate(key string) (netip.Addr, error) {
	size := 1 << (32 - a.subnet.Bits())
	addr := a.next
	for i := 0; i < size; i++ {
		if !a.subnet.Contains(addr) {
			addr = a.subnet.Addr()
		}
		if a.usable(addr) {
			if _, taken := a.owner[addr]; !taken {
				a.owner[addr] = key
				a.next = addr.Next()
				return addr, nil
			}
		}
		addr = addr.Next()
	}
	return netip.Addr{}, fmt.Errorf("no free pod address left in %s", a.subnet)
}

// reserve records that key already has addr (a pod found running at start).
// It fails when addr is not the node's to give or another pod has it.
func (a *ipAllocator) reserve(addr netip.Addr, key string) bool {
	if !a.usable(addr) {
		return false
	}
	if owner, taken := a.owner[addr]; taken && owner != key {
		return false
	}
	a.owner[addr] = key
	return true
}

// release frees key's address, if it has one.
func (a *ipAllocator) release(addr netip.Addr, key string) {
	if a.owner[addr] == key {
		delete(a.owner, addr)
	}
}

func toUint32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func fromUint32(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
