#!/usr/bin/env bash
# End-to-end smoke test of kube-local: builds it (if needed), starts a fresh
# cluster in a temp dir, runs the checks listed in README.md and stops it.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/build.sh" || exit 1
bin="$here/bin/kube-local"

dir="$(mktemp -d /tmp/kube-local-smoke.XXXXXX)"
kc="$dir/admin.kubeconfig"
pass=0
fail=0
ok() { echo "ok   - $*"; pass=$((pass + 1)); }
bad() { echo "FAIL - $*"; fail=$((fail + 1)); }
k() { "$bin" kubectl --kubeconfig "$kc" "$@"; }
# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND until it succeeds
wait_for() {
  local t=$1 what=$2
  shift 2
  local end=$((SECONDS + t))
  while ((SECONDS < end)); do
    if "$@" >/dev/null 2>&1; then ok "$what"; return 0; fi
    sleep 0.5
  done
  bad "$what"
  return 1
}
jp() { k "$@" 2>/dev/null; }
eq() { [[ "$(jp "${@:2}")" == "$1" ]]; }
has() { [[ "$(jp "${@:2}")" == *"$1"* ]]; }

cleanup() {
  if [[ -n "${pid:-}" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { bad "clean shutdown on SIGTERM"; kill -KILL "$pid"; } || ok "clean shutdown on SIGTERM"
  fi
  echo "$pass passed, $fail failed"
  [[ $fail == 0 ]] && rm -rf "$dir"
  [[ $fail == 0 ]]
}
trap 'cleanup; exit $?' EXIT

start=$SECONDS
"$bin" --data-dir "$dir/data" --port 0 --kubeconfig "$kc" --control-port 0 >"$dir/stdout" 2>"$dir/stderr" &
pid=$!
wait_for 120 "ready line printed" grep -q '^kube-local ready https://127.0.0.1:[0-9]*$' "$dir/stdout" || { cat "$dir/stderr"; exit 1; }
echo "     (ready in $((SECONDS - start))s: $(cat "$dir/stdout"))"
ctl=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["controlURL"])' "$dir/data/state.json" 2>/dev/null ||
  sed -n 's/.*"controlURL": "\(.*\)".*/\1/p' "$dir/data/state.json")

wait_for 10 "nodes Ready" eq "True True" get nodes sim-cpu-0 sim-gpu-0 -o 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}'
eq 4 get node sim-gpu-0 -o 'jsonpath={.status.allocatable.nvidia\.com/gpu}' && ok "sim-gpu-0 has 4 GPUs" || bad "sim-gpu-0 has 4 GPUs"

k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: smoke
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: gpu, namespace: smoke}
spec: {hard: {requests.nvidia.com/gpu: "2"}}
EOF
wait_for 20 "default service account in new namespace" k -n smoke get sa default
k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: smoke}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: smoke}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: smoke}
spec:
  replicas: 1
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: RuntimeDefault}}
      initContainers:
      - name: init
        image: busybox:1.36
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      containers:
      - name: app
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}}
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: data, mountPath: /data}]
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: data}}
EOF
wait_for 30 "PVC Bound" eq Bound -n smoke get pvc data -o 'jsonpath={.status.phase}'
wait_for 30 "StatefulSet pod Running and Ready" eq "Running True" -n smoke get pod web-0 -o 'jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status}'
has 127. -n smoke get pod web-0 -o 'jsonpath={.status.podIP}' && ok "pod IP assigned (loopback)" || bad "pod IP assigned (loopback)"
has 127.100. -n smoke get svc web -o 'jsonpath={.spec.clusterIP}' && ok "service cluster IP (loopback)" || bad "service cluster IP (loopback)"
wait_for 20 "kubelet events (Pulling/Started)" has Started -n smoke get events --field-selector involvedObject.name=web-0 -o 'jsonpath={.items[*].reason}'
k -n smoke scale sts web --replicas=0 >/dev/null
wait_for 30 "scale to 0 removes the pod" bash -c "! '$bin' kubectl --kubeconfig '$kc' -n smoke get pod web-0"
eq Bound -n smoke get pvc data -o 'jsonpath={.status.phase}' && ok "PVC kept after scale to 0" || bad "PVC kept after scale to 0"

if k -n smoke run bad --image=nginx >/dev/null 2>&1; then bad "non-compliant pod rejected"; else ok "non-compliant pod rejected"; fi

sec='{"runAsNonRoot":true,"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}}'
csec='{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}'
mkpod() { # name image [gpus] [annotations-json]
  local res='{}' ann='{}'
  [[ -n "${3:-}" ]] && res="{\"limits\":{\"nvidia.com/gpu\":\"$3\"}}"
  [[ -n "${4:-}" ]] && ann=$4
  k -n "${NS:-smoke}" apply -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$1","annotations":$ann},
 "spec":{"securityContext":$sec,"containers":[{"name":"app","image":"$2","resources":$res,"securityContext":$csec}]}}
EOF
}
mkpod pull example.com/fail-pull/app:1
mkpod gpu1 cuda:12 1
mkpod crash busybox "" '{"kube-local.sim/fail":"crash-loop"}'
mkpod oom busybox "" '{"kube-local.sim/fail":"oom"}'
mkpod notready busybox "" '{"kube-local.sim/fail":"never-ready"}'
mkpod slow busybox "" '{"kube-local.sim/start-delay":"5s"}'
mkpod localip busybox "" '{"kube-local.sim/pod-ip":"127.0.0.1"}'
wait_for 4 "slow start: ContainerCreating first" eq ContainerCreating -n smoke get pod slow -o 'jsonpath={.status.containerStatuses[0].state.waiting.reason}'
wait_for 20 "fail-pull image -> ImagePullBackOff" eq ImagePullBackOff -n smoke get pod pull -o 'jsonpath={.status.containerStatuses[0].state.waiting.reason}'
has "Failed to pull image" -n smoke get events --field-selector involvedObject.name=pull -o 'jsonpath={.items[*].message}' && ok "Failed to pull image event" || bad "Failed to pull image event"
wait_for 20 "GPU pod on sim-gpu-0 and Running" eq "sim-gpu-0 Running" -n smoke get pod gpu1 -o 'jsonpath={.spec.nodeName} {.status.phase}'
wait_for 40 "quota used updated (requests.nvidia.com/gpu=1)" eq 1 -n smoke get quota gpu -o 'jsonpath={.status.used.requests\.nvidia\.com/gpu}'
wait_for 20 "pod-ip annotation: reports 127.0.0.1" eq "Running 127.0.0.1" -n smoke get pod localip -o 'jsonpath={.status.phase} {.status.podIP}'
wait_for 20 "slow start: Running later" eq Running -n smoke get pod slow -o 'jsonpath={.status.phase}'
wait_for 20 "crash loop -> CrashLoopBackOff, restartCount>=1" eq "CrashLoopBackOff Error" -n smoke get pod crash -o 'jsonpath={.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].lastState.terminated.reason}'
wait_for 20 "OOMKilled -> CrashLoopBackOff" eq "CrashLoopBackOff OOMKilled" -n smoke get pod oom -o 'jsonpath={.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].lastState.terminated.reason}'
wait_for 20 "never-ready: Running, Ready False" eq "Running False" -n smoke get pod notready -o 'jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status}'

k create ns smoke2 >/dev/null
wait_for 20 "default service account in smoke2" k -n smoke2 get sa default
NS=smoke2 mkpod gpu100 cuda:12 100
wait_for 20 "100 GPUs -> PodScheduled=False Unschedulable" eq "False Unschedulable" -n smoke2 get pod gpu100 -o 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].status} {.status.conditions[?(@.type=="PodScheduled")].reason}'
NS=smoke2 mkpod gpu3 cuda:12 3
if k -n smoke2 get pod gpu3 >/dev/null; then ok "quota only in its namespace"; else bad "quota only in its namespace"; fi

# outage: stop and start the apiserver through the control endpoint
curl -fsS -X POST "$ctl/apiserver/stop" >/dev/null && ok "control: apiserver stop" || bad "control: apiserver stop"
if k get ns --request-timeout=2s >/dev/null 2>&1; then bad "apiserver unreachable while stopped"; else ok "apiserver unreachable while stopped"; fi
# long enough (default 20 s) for client-go's watch back-off to grow; new work
# must still be handled within 10 s of the apiserver's return (see README)
outage=${SMOKE_OUTAGE:-20}
sleep "$outage"
curl -fsS -X POST "$ctl/apiserver/start" >/dev/null && ok "control: apiserver start (after ${outage}s)" || bad "control: apiserver start (after ${outage}s)"
back=$SECONDS
echo '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data2","namespace":"smoke"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}' >"$dir/pvc2.json"
wait_for 10 "after restart: new PVC accepted" k apply -f "$dir/pvc2.json"
wait_for 10 "after restart: StatefulSet scaled to 1" k -n smoke scale sts web --replicas=1
wait_for $((back + 10 - SECONDS)) "after restart: StatefulSet pod Running again within 10s" eq "Running True" -n smoke get pod web-0 -o 'jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status}'
wait_for $((back + 10 - SECONDS)) "after restart: new PVC Bound within 10s" eq Bound -n smoke get pvc data2 -o 'jsonpath={.status.phase}'
echo "     (recovered $((SECONDS - back))s after the apiserver returned from a ${outage}s outage)"
k -n smoke delete pod gpu1 --wait=true --timeout=30s >/dev/null 2>&1 && ok "pod deletion completes" || bad "pod deletion completes"
# signals: SIGUSR1 stops the apiserver, SIGUSR2 starts it again
kill -USR1 "$pid"
wait_for 20 "SIGUSR1 stops the apiserver" bash -c "! '$bin' kubectl --kubeconfig '$kc' get ns --request-timeout=1s"
kill -USR2 "$pid"
wait_for 60 "SIGUSR2 starts the apiserver" k get ns --request-timeout=2s
