#!/usr/bin/env bash
# Builds tools/kube-local/bin/kube-local, only when the sources changed.
# Usage: tools/kube-local/build.sh   (FORCE=1 to rebuild anyway)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

K8S_VERSION=v1.35.4 # keep in sync with go.mod and supervisor.go (kubeVersion)
out=bin/kube-local
stamp=bin/.build-stamp

if ! command -v go >/dev/null 2>&1; then
  echo "kube-local: Go is required (>= 1.25; GOTOOLCHAIN=auto fetches it through the module proxy)" >&2
  exit 1
fi

hash=$(
  {
    cat go.mod go.sum build.sh
    find . -name '*.go' -not -path './bin/*' -print0 | LC_ALL=C sort -z | xargs -0 cat
    go env GOVERSION GOOS GOARCH
  } | sha256sum | cut -d' ' -f1
)
if [[ "${FORCE:-}" != 1 && -x "$out" && -x bin/kube-local-shim && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
  echo "kube-local: up to date ($PWD/$out)"
  exit 0
fi

pkg=k8s.io/component-base/version
cpkg=k8s.io/client-go/pkg/version
minor=$(echo "$K8S_VERSION" | cut -d. -f2)
ldflags="-s -w"
for p in $pkg $cpkg; do
  ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

mkdir -p bin
start=$(date +%s)
echo "kube-local: building ($K8S_VERSION)..." >&2
go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$out.tmp" .
go build -trimpath -buildvcs=false -ldflags "-s -w" -o "bin/kube-local-shim.tmp" ./cmd/kube-local-shim
mv "bin/kube-local-shim.tmp" "bin/kube-local-shim"
mv "$out.tmp" "$out"
echo "$hash" > "$stamp"
echo "kube-local: built $PWD/$out in $(( $(date +%s) - start ))s" >&2
