# Sourced by scripts/test, e2e, bench and start: builds tools/netguard and
# defines `guarded NAME COMMAND...`, which runs COMMAND so that it and every
# process it starts may connect only to loopback (127.0.0.0/8, ::1). Anything
# else (a pod address outside loopback, a public host, a DNS server) is
# refused in the kernel before a packet leaves; when COMMAND ends, netguard
# prints what it saw and exits non-zero if anything was refused. Its report
# is test-output/netguard/NAME.json (rewritten every 2 s during the run).
#
# Our machines allow connections to loopback only (see tools/netguard).
tools/netguard/build.sh
NETGUARD="$PWD/tools/netguard/bin/netguard"
mkdir -p test-output/netguard

# Inside, NETGUARD_ACTIVE tells the scripts that they are guarded already and
# NETGUARD_REPORT where the report is.
guarded() {
  local name=$1
  shift
  local report="$PWD/test-output/netguard/$name.json"
  rm -f "$report"
  NETGUARD_ACTIVE=$name NETGUARD_REPORT=$report "$NETGUARD" run --name "$name" --report "$report" "$@"
}
