// Package deadend runs test commands in a network namespace of their own
// whose only routes lead into a veth pair that ends inside that namespace:
// a packet to 10.x or to IPv6 leaves the process (so the guard has something
// to stop) but can never leave the machine, even if the guard failed.
package deadend

import "os/exec"

const setup = `set -e
ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.255.0.2/16 dev v0
ip route add default dev v0
ip -6 addr add fd00::2/64 dev v0 nodad
ip -6 route add default dev v0
exec "$@"`

// Args is the command line that runs name with args inside such a namespace.
func Args(name string, args ...string) []string {
	return append([]string{"unshare", "--net", "sh", "-c", setup, "deadend", name}, args...)
}

// Command is exec.Command of Args.
func Command(name string, args ...string) *exec.Cmd {
	a := Args(name, args...)
	return exec.Command(a[0], a[1:]...)
}
