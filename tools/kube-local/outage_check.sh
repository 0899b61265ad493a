#!/usr/bin/env bash
# Outage-recovery check for kube-local: starts a fresh cluster, stops the
# apiserver for OUTAGE seconds (default 20) through the control endpoint,
# starts it again and measures how long it takes until
#   * a StatefulSet scaled 0 -> 1 (pod mounts a PVC bound before the outage)
#     has its pod Running and Ready, and
#   * a PVC created right after the restart is Bound.
# Exits non-zero if either takes longer than LIMIT seconds (default 10).
# Usage: tools/kube-local/outage_check.sh   (OUTAGE=20 LIMIT=10 KEEP=1)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/build.sh" >&2 || exit 1
bin="$here/bin/kube-local"
outage=${OUTAGE:-20}
limit=${LIMIT:-10}

dir="$(mktemp -d /tmp/kube-local-outage.XXXXXX)"
kc="$dir/admin.kubeconfig"
k() { "$bin" kubectl --kubeconfig "$kc" "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
rc=1
cleanup() {
  if [[ -n "${pid:-}" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  if [[ $rc == 0 && -z "${KEEP:-}" ]]; then rm -rf "$dir"; else echo "data dir kept: $dir (logs in $dir/data/logs)"; fi
}
trap 'cleanup; exit $rc' EXIT

"$bin" --data-dir "$dir/data" --port 0 --kubeconfig "$kc" --control-port 0 >"$dir/stdout" 2>"$dir/stderr" &
pid=$!
for _ in $(seq 240); do grep -q '^kube-local ready' "$dir/stdout" 2>/dev/null && break; sleep 0.5; done
grep -q '^kube-local ready' "$dir/stdout" || { echo "not ready"; cat "$dir/stderr"; exit; }
ctl=$(sed -n 's/.*"controlURL": "\(.*\)".*/\1/p' "$dir/data/state.json")

# wait_until SECONDS COMMAND...: retries COMMAND every 0.25 s; returns 1 on timeout
wait_until() {
  local end=$((SECONDS + $1))
  shift
  while ((SECONDS < end)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}
eq() { [[ "$(k "${@:2}" 2>/dev/null)" == "$1" ]]; }

k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Namespace
metadata: {name: outage}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: outage}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: outage}
spec:
  replicas: 0
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: app
        image: nginx:1.27
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: data}}
EOF
wait_until 30 eq Bound -n outage get pvc data -o 'jsonpath={.status.phase}' || { echo "FAIL: PVC not bound before the outage"; exit; }
echo "PVC data Bound; stopping the apiserver for ${outage}s"

curl -fsS -X POST "$ctl/apiserver/stop" >/dev/null || { echo "FAIL: stop"; exit; }
sleep "$outage"
t0=$(now)
curl -fsS -X POST "$ctl/apiserver/start" >/dev/null || { echo "FAIL: start"; exit; }
echo "apiserver ready again after $(since "$t0")s (start request)"
t0=$(now) # measure from the moment the apiserver is back (ready)

# first request may hit the few seconds of 403 while RBAC loads: retry
wait_until 20 k apply -f - <<'EOF' || { echo "FAIL: create PVC data2"; exit; }
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data2, namespace: outage}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
EOF
wait_until 20 k -n outage scale sts web --replicas=1 || { echo "FAIL: scale"; exit; }

pvc_t="" pod_t=""
end=$((SECONDS + 90))
while ((SECONDS < end)) && [[ -z "$pvc_t" || -z "$pod_t" ]]; do
  [[ -z "$pvc_t" ]] && eq Bound -n outage get pvc data2 -o 'jsonpath={.status.phase}' && pvc_t=$(since "$t0")
  [[ -z "$pod_t" ]] && eq "Running True" -n outage get pod web-0 -o 'jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status}' && pod_t=$(since "$t0")
  sleep 0.25
done
echo "after the apiserver returned: pod web-0 Running/Ready in ${pod_t:-TIMEOUT(>90)}s, PVC data2 Bound in ${pvc_t:-TIMEOUT(>90)}s (limit ${limit}s)"
if [[ -n "$pod_t" && -n "$pvc_t" ]] && awk -v a="$pod_t" -v b="$pvc_t" -v l="$limit" 'BEGIN{exit !(a<=l && b<=l)}'; then
  echo "PASS"
  rc=0
else
  echo "FAIL"
  echo "--- status"; curl -fsS "$ctl/status"
  echo "--- kube-local stderr"; tail -20 "$dir/stderr"
fi
