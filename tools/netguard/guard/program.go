package guard

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// The programs run in the kernel for every socket of a process in the
// guarded cgroup. A loopback destination (127.0.0.0/8, ::1,
// ::ffff:127.0.0.0/104) always passes. Otherwise:
//
//   - connect() of a TCP (or any non-UDP) socket is refused with EPERM,
//     before its first packet (the SYN);
//   - connect() of a UDP socket sends nothing: it passes, and is counted as
//     a probe (browsers and resolvers do this to learn their routes);
//   - a datagram sent with an explicit destination (sendmsg) is refused with
//     EPERM;
//   - a packet leaving a connected socket (a UDP socket connected as above)
//     is dropped on egress.
//
// Everything refused or dropped is counted under its destination and the
// command name of the process, in the denied map.

// struct bpf_sock_addr offsets (include/uapi/linux/bpf.h).
const (
	offUserIP4  = 4
	offUserIP6  = 8 // four u32 words, 8..20
	offUserPort = 24
	offProtocol = 36
)

// struct __sk_buff offsets of the socket's peer (include/uapi/linux/bpf.h).
const (
	offSkbFamily     = 88
	offSkbRemoteIP4  = 92
	offSkbRemoteIP6  = 100 // four u32 words
	offSkbRemotePort = 132
)

const (
	afInet      = 2
	afInet6     = 10
	ipprotoUDP  = 17
	ipv4HdrProt = 9 // offset of the protocol byte in an IPv4 header
	ipv6HdrNext = 6 // offset of the next-header byte in an IPv6 header
)

// deniedKey is the key of the denied and probe maps, written on the stack.
//
//	family u32 | protocol u32 | port u32 (network order in its first two bytes) | pad u32
//	address [16]byte (IPv4 in the first four bytes) | comm [16]byte
const deniedKeySize = 48

// Stack layout: the key at fp-48, the counter value at fp-56, the allowed
// map's index at fp-60, a byte read from a packet at fp-64.
const (
	keyOff   = -48
	addrOff  = keyOff + 16
	commOff  = keyOff + 32
	valueOff = -56
	indexOff = -60
	byteOff  = -64
)

type maps struct {
	allowed, denied, probes *ebpf.Map
}

// addrSource says where a program finds the destination and how to word it.
type addrSource struct {
	ip4, ip6, port int16 // context offsets
	// portShift moves the port's two bytes (network order) to the bottom of
	// the word: __sk_buff's remote_port keeps them in its upper half.
	portShift int32
}

var (
	sockAddrSource = addrSource{ip4: offUserIP4, ip6: offUserIP6, port: offUserPort}
	skbSource      = addrSource{ip4: offSkbRemoteIP4, ip6: offSkbRemoteIP6, port: offSkbRemotePort, portShift: 16}
)

// connectProgram guards connect() for one family.
func connectProgram(family int, m maps) asm.Instructions {
	insns := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
	insns = append(insns, jumpIfLoopback(family, sockAddrSource, "allow", "outside")...)
	insns = append(insns,
		asm.LoadMem(asm.R2, asm.R6, offProtocol, asm.Word).WithSymbol("outside"),
		asm.JEq.Imm(asm.R2, ipprotoUDP, "probe"),
	)
	insns = append(insns, recordIn(m.denied, family, sockAddrSource, "denied", protocolFromContext)...)
	insns = append(insns, returnVerdict(0)...)
	insns = append(insns, recordIn(m.probes, family, sockAddrSource, "probe", protocolFromContext)...)
	insns = append(insns, returnVerdict(1)...)
	insns = append(insns, countAllowed(m.allowed)...)
	return insns
}

// sendmsgProgram guards a datagram sent with an explicit destination.
func sendmsgProgram(family int, m maps) asm.Instructions {
	insns := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
	insns = append(insns, jumpIfLoopback(family, sockAddrSource, "allow", "outside")...)
	insns = append(insns, recordIn(m.denied, family, sockAddrSource, "outside", protocolFromContext)...)
	insns = append(insns, returnVerdict(0)...)
	insns = append(insns, countAllowed(m.allowed)...)
	return insns
}

// egressProgram drops a packet that leaves a connected socket for an address
// outside loopback. Packets of unconnected sockets (peer 0) were judged by
// sendmsgProgram already.
func egressProgram(m maps) asm.Instructions {
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1),
		asm.LoadMem(asm.R2, asm.R6, offSkbFamily, asm.Word),
		asm.JEq.Imm(asm.R2, afInet, "v4"),
		asm.JEq.Imm(asm.R2, afInet6, "v6"),
		asm.Ja.Label("pass"),
		asm.LoadMem(asm.R2, asm.R6, offSkbRemoteIP4, asm.Word).WithSymbol("v4"),
		asm.JEq.Imm(asm.R2, 0, "pass"),
	}
	insns = append(insns, jumpIfLoopback(4, skbSource, "pass", "outside4")...)
	insns = append(insns, recordIn(m.denied, 4, skbSource, "outside4", protocolFromIPHeader(4))...)
	insns = append(insns, returnVerdict(0)...)
	insns = append(insns,
		asm.LoadMem(asm.R2, asm.R6, offSkbRemoteIP6, asm.Word).WithSymbol("v6"),
		asm.LoadMem(asm.R3, asm.R6, offSkbRemoteIP6+4, asm.Word),
		asm.Or.Reg(asm.R2, asm.R3),
		asm.LoadMem(asm.R3, asm.R6, offSkbRemoteIP6+8, asm.Word),
		asm.Or.Reg(asm.R2, asm.R3),
		asm.LoadMem(asm.R3, asm.R6, offSkbRemoteIP6+12, asm.Word),
		asm.Or.Reg(asm.R2, asm.R3),
		asm.JEq.Imm(asm.R2, 0, "pass"),
	)
	insns = append(insns, jumpIfLoopback(6, skbSource, "pass", "outside6")...)
	insns = append(insns, recordIn(m.denied, 6, skbSource, "outside6", protocolFromIPHeader(6))...)
	insns = append(insns, returnVerdict(0)...)
	insns = append(insns, asm.Mov.Imm(asm.R0, 1).WithSymbol("pass"), asm.Return())
	return insns
}

// jumpIfLoopback jumps to yes when the destination is loopback, to no
// otherwise. Addresses are in network order, read as little-endian words.
func jumpIfLoopback(family int, src addrSource, yes, no string) asm.Instructions {
	if family == 4 {
		return asm.Instructions{
			asm.LoadMem(asm.R2, asm.R6, src.ip4, asm.Word),
			asm.And.Imm(asm.R2, 0xff), // the first octet
			asm.JEq.Imm(asm.R2, 127, yes),
			asm.Ja.Label(no),
		}
	}
	zero, mapped := no+"-v6-zero", no+"-v6-mapped"
	return asm.Instructions{
		asm.LoadMem(asm.R2, asm.R6, src.ip6, asm.Word),
		asm.JNE.Imm(asm.R2, 0, no),
		asm.LoadMem(asm.R2, asm.R6, src.ip6+4, asm.Word),
		asm.JNE.Imm(asm.R2, 0, no),
		asm.LoadMem(asm.R2, asm.R6, src.ip6+8, asm.Word),
		asm.LoadMem(asm.R3, asm.R6, src.ip6+12, asm.Word),
		asm.JEq.Imm(asm.R2, 0, zero),
		asm.LoadImm(asm.R4, 0xffff0000, asm.DWord), // ::ffff:0:0/96
		asm.JEq.Reg(asm.R2, asm.R4, mapped),
		asm.Ja.Label(no),
		asm.JEq.Imm(asm.R3, 0x01000000, yes).WithSymbol(zero), // ::1
		asm.Ja.Label(no),
		asm.And.Imm(asm.R3, 0xff).WithSymbol(mapped),
		asm.JEq.Imm(asm.R3, 127, yes),
		asm.Ja.Label(no),
	}
}

// protocolSource writes the destination's protocol number into R2.
type protocolSource func(label string) asm.Instructions

func protocolFromContext(string) asm.Instructions {
	return asm.Instructions{asm.LoadMem(asm.R2, asm.R6, offProtocol, asm.Word)}
}

// protocolFromIPHeader reads it from the packet's IP header (0 if unreadable).
func protocolFromIPHeader(family int) protocolSource {
	offset := int32(ipv4HdrProt)
	if family == 6 {
		offset = ipv6HdrNext
	}
	return func(label string) asm.Instructions {
		return asm.Instructions{
			asm.Mov.Imm(asm.R1, 0),
			asm.StoreMem(asm.RFP, byteOff, asm.R1, asm.Word),
			asm.Mov.Reg(asm.R1, asm.R6),
			asm.Mov.Imm(asm.R2, offset),
			asm.Mov.Reg(asm.R3, asm.RFP),
			asm.Add.Imm(asm.R3, byteOff),
			asm.Mov.Imm(asm.R4, 1),
			asm.FnSkbLoadBytes.Call(),
			asm.LoadMem(asm.R2, asm.RFP, byteOff, asm.Byte),
		}
	}
}

// recordIn writes the key of the destination (its first instruction carries
// label) and adds one to its counter in m.
func recordIn(m *ebpf.Map, family int, src addrSource, label string, protocol protocolSource) asm.Instructions {
	insns := asm.Instructions{asm.Mov.Imm(asm.R1, 0).WithSymbol(label)}
	for off := int16(keyOff); off < 0; off += 8 {
		insns = append(insns, asm.StoreMem(asm.RFP, off, asm.R1, asm.DWord))
	}
	insns = append(insns, protocol(label)...)
	insns = append(insns,
		asm.StoreMem(asm.RFP, keyOff+4, asm.R2, asm.Word),
		asm.StoreImm(asm.RFP, keyOff, int64(family), asm.Word),
		asm.LoadMem(asm.R2, asm.R6, src.port, asm.Word),
		asm.RSh.Imm32(asm.R2, src.portShift),
		asm.StoreMem(asm.RFP, keyOff+8, asm.R2, asm.Word),
	)
	if family == 4 {
		insns = append(insns,
			asm.LoadMem(asm.R2, asm.R6, src.ip4, asm.Word),
			asm.StoreMem(asm.RFP, addrOff, asm.R2, asm.Word),
		)
	} else {
		for i := int16(0); i < 4; i++ {
			insns = append(insns,
				asm.LoadMem(asm.R2, asm.R6, src.ip6+4*i, asm.Word),
				asm.StoreMem(asm.RFP, addrOff+4*i, asm.R2, asm.Word),
			)
		}
	}
	insns = append(insns,
		asm.Mov.Reg(asm.R1, asm.RFP),
		asm.Add.Imm(asm.R1, commOff),
		asm.Mov.Imm(asm.R2, 16),
		asm.FnGetCurrentComm.Call(),
	)
	return append(insns, countIn(m, keyOff, label)...)
}

// countAllowed counts a loopback destination and lets the call go on.
func countAllowed(m *ebpf.Map) asm.Instructions {
	insns := asm.Instructions{
		asm.Mov.Imm(asm.R1, 0).WithSymbol("allow"),
		asm.StoreMem(asm.RFP, indexOff, asm.R1, asm.Word),
	}
	insns = append(insns, countIn(m, indexOff, "allowed")...)
	return append(insns, returnVerdict(1)...)
}

func returnVerdict(v int32) asm.Instructions {
	return asm.Instructions{asm.Mov.Imm(asm.R0, v), asm.Return()}
}

// countIn adds one to the counter under the key at fp+keyOffset, creating it
// when missing. Labels are prefixed with name so two uses don't clash.
func countIn(m *ebpf.Map, keyOffset int16, name string) asm.Instructions {
	return asm.Instructions{
		asm.LoadMapPtr(asm.R1, m.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, int32(keyOffset)),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, name+"-insert"),
		asm.Mov.Imm(asm.R1, 1),
		asm.StoreXAdd(asm.R0, asm.R1, asm.DWord),
		asm.Ja.Label(name + "-done"),
		asm.Mov.Imm(asm.R1, 1).WithSymbol(name + "-insert"),
		asm.StoreMem(asm.RFP, valueOff, asm.R1, asm.DWord),
		asm.LoadMapPtr(asm.R1, m.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, int32(keyOffset)),
		asm.Mov.Reg(asm.R3, asm.RFP),
		asm.Add.Imm(asm.R3, valueOff),
		asm.Mov.Imm(asm.R4, 0), // BPF_ANY
		asm.FnMapUpdateElem.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol(name + "-done"), // a target for the jump
	}
}
