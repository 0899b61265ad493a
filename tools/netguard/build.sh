#!/usr/bin/env bash
# Builds tools/netguard/bin/netguard, only when the sources changed.
# Usage: tools/netguard/build.sh   (FORCE=1 to rebuild anyway)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

out=bin/netguard
stamp=bin/.build-stamp

if ! command -v go >/dev/null 2>&1; then
  echo "netguard: Go is required (>= 1.25)" >&2
  exit 1
fi

hash=$(
  {
    cat go.mod go.sum build.sh
    find . -name '*.go' -not -path './bin/*' -print0 | LC_ALL=C sort -z | xargs -0 cat
    go env GOVERSION GOOS GOARCH
  } | sha256sum | cut -d' ' -f1
)
if [[ "${FORCE:-}" != 1 && -x "$out" && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
  exit 0
fi

mkdir -p bin
go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$out.tmp" .
mv "$out.tmp" "$out"
echo "$hash" > "$stamp"
echo "netguard: built $PWD/$out" >&2
