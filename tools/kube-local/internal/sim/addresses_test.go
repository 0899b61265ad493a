package sim

import (
	"net/netip"
	"testing"
)

func TestParseAddressBlockAcceptsOnlyLoopback(t *testing.T) {
	for _, ok := range []string{"127.10.0.0/16", "127.64.0.0/10", "127.10.3.0/24", "127.10.0.7/16"} {
		if _, err := ParseAddressBlock(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"10.244.0.0/16", "192.168.0.0/16", "127.0.0.0/8", "127.10.0.0/25", "::1/128", "127.10.0.0"} {
		if _, err := ParseAddressBlock(bad); err == nil {
			t.Errorf("%s: accepted, want an error", bad)
		}
	}
}

func TestNodeSubnetsSplitTheBlockEvenlyInNodeOrder(t *testing.T) {
	block := netip.MustParsePrefix("127.10.0.0/16")
	cases := map[int][]string{
		1: {"127.10.0.0/16"},
		2: {"127.10.0.0/17", "127.10.128.0/17"},
		3: {"127.10.0.0/18", "127.10.64.0/18", "127.10.128.0/18"},
	}
	for nodes, want := range cases {
		got, err := NodeSubnets(block, nodes)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if got[i].String() != want[i] {
				t.Errorf("%d nodes: subnet %d = %s, want %s", nodes, i, got[i], want[i])
			}
		}
		if NodeAddress(got[0]).String() != "127.10.0.1" {
			t.Errorf("node address = %s, want 127.10.0.1", NodeAddress(got[0]))
		}
	}
	if _, err := NodeSubnets(netip.MustParsePrefix("127.10.0.0/24"), 32); err == nil {
		t.Error("32 nodes in a /24: accepted, want an error")
	}
}

func TestAllocatorGivesEachPodItsOwnAddressAndGoesRound(t *testing.T) {
	a := newIPAllocator(netip.MustParsePrefix("127.10.3.0/24"))
	seen := map[netip.Addr]bool{}
	for i := 0; i < 253; i++ { // .2 ... .254: not the base, the node (.1) or .255
		addr, err := a.allocate("pod" + string(rune('A'+i)))
		if err != nil {
			t.Fatalf("allocation %d: %v", i, err)
		}
		if seen[addr] || !loopback.Contains(addr) || addr.As4()[3] == 0 || addr.As4()[3] == 1 || addr.As4()[3] == 255 {
			t.Fatalf("allocation %d gave %s (seen %v)", i, addr, seen[addr])
		}
		seen[addr] = true
	}
	if _, err := a.allocate("one-too-many"); err == nil {
		t.Fatal("a full subnet gave an address")
	}
	a.release(netip.MustParseAddr("127.10.3.9"), "pod"+string(rune('A'+7)))
	addr, err := a.allocate("late")
	if err != nil || addr.String() != "127.10.3.9" {
		t.Fatalf("after a release got %s, %v; want the freed 127.10.3.9", addr, err)
	}
}

func TestAllocatorDoesNotReuseAFreedAddressAtOnce(t *testing.T) {
	a := newIPAllocator(netip.MustParsePrefix("127.10.0.0/16"))
	first, _ := a.allocate("a")
	a.release(first, "a")
	second, _ := a.allocate("b")
	if second == first {
		t.Fatalf("the freed %s was given again at once", first)
	}
}

func TestReserveKeepsARunningPodsAddressOnlyWhenItIsTheNodes(t *testing.T) {
	a := newIPAllocator(netip.MustParsePrefix("127.10.0.0/17"))
	if !a.reserve(netip.MustParseAddr("127.10.0.5"), "ns/p/1") {
		t.Fatal("an address of the subnet was refused")
	}
	if a.reserve(netip.MustParseAddr("127.10.0.5"), "ns/q/2") {
		t.Fatal("an address held by another pod was given again")
	}
	for _, foreign := range []string{"10.244.0.5", "127.10.200.5", "127.10.0.1"} {
		if a.reserve(netip.MustParseAddr(foreign), "ns/r/3") {
			t.Errorf("%s was accepted for a pod of 127.10.0.0/17", foreign)
		}
	}
	for i := 0; i < 10; i++ {
		if addr, _ := a.allocate("n"); addr.String() == "127.10.0.5" {
			t.Fatal("a reserved address was allocated")
		}
	}
}
