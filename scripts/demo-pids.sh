# Sourced by scripts/e2e and scripts/start: demo_pids prints the pids of what
# runs of the demo already (the processes listening on :7007 and :3000, and the
# demo's control plane), for netguard to adopt into the loopback guard.
demo_pids() {
  ss -ltnpH '( sport = :7007 or sport = :3000 )' 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
  node packages/kube-local/bin/demo-cluster.js --pid 2>/dev/null || true
}
