# Sourced by scripts/bench when the JupyterHub peer runs (the default run and
# `--only jupyterhub`): JupyterHub and KubeSpawner pinned from PyPI in a venv,
# configurable-http-proxy pinned from the npm registry, both under
# .bench-peers/ (ignored). Idempotent: a stamp holds the pins installed, so a
# second run installs nothing. Before the loopback guard, as scripts/install.sh.
JUPYTERHUB_VERSION=6.1.1
KUBESPAWNER_VERSION=7.1.0
CHP_VERSION=5.3.0
BENCH_PEERS="$PWD/.bench-peers"
BENCH_HUB_VENV="$BENCH_PEERS/jupyterhub-venv"
BENCH_CHP_DIR="$BENCH_PEERS/configurable-http-proxy"
export BENCH_HUB_VENV BENCH_CHP_DIR
bench_peer_pins="jupyterhub==$JUPYTERHUB_VERSION jupyterhub-kubespawner==$KUBESPAWNER_VERSION configurable-http-proxy@$CHP_VERSION"
if [ "$(cat "$BENCH_PEERS/installed" 2>/dev/null)" != "$bench_peer_pins" ]; then
  echo "==> installing the JupyterHub peer ($bench_peer_pins; log in $BENCH_PEERS/install.log)"
  rm -rf "$BENCH_PEERS"
  mkdir -p "$BENCH_CHP_DIR"
  if ! {
    python3 -m venv "$BENCH_HUB_VENV" &&
      "$BENCH_HUB_VENV/bin/pip" install --disable-pip-version-check \
        "jupyterhub==$JUPYTERHUB_VERSION" "jupyterhub-kubespawner==$KUBESPAWNER_VERSION" &&
      npm install --no-audit --no-fund --prefix "$BENCH_CHP_DIR" "configurable-http-proxy@$CHP_VERSION"
  } >"$BENCH_PEERS/install.log" 2>&1; then
    tail -30 "$BENCH_PEERS/install.log" >&2
    return 1
  fi
  echo "$bench_peer_pins" >"$BENCH_PEERS/installed"
fi
unset bench_peer_pins
