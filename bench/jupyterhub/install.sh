# Sourced by scripts/bench when the JupyterHub peer runs (the default run and
# `--only jupyterhub`): JupyterHub and KubeSpawner pinned from PyPI in a venv,
# configurable-http-proxy pinned from the npm registry, both under
# .bench-peers/ (ignored), and the venv of the hub's single-user image
# (jupyterhub-singleuser with the workspaces' JupyterLab pins) that kube-local
# runs for the first-answer figure. Idempotent: a stamp holds the pins installed, so a
# second run installs nothing. Before the loopback guard, as scripts/install.sh.
JUPYTERHUB_VERSION=6.1.1
KUBESPAWNER_VERSION=7.1.0
CHP_VERSION=5.3.0
BENCH_PEERS="$PWD/.bench-peers"
BENCH_HUB_VENV="$BENCH_PEERS/jupyterhub-venv"
BENCH_CHP_DIR="$BENCH_PEERS/configurable-http-proxy"
BENCH_SINGLEUSER_VENV="$BENCH_PEERS/singleuser-venv"
export BENCH_HUB_VENV BENCH_CHP_DIR BENCH_SINGLEUSER_VENV
# the single-user image's JupyterLab: the one the workspaces run (scripts/runtimes)
bench_jupyterlab=$(grep '^jupyterlab==' scripts/runtimes/jupyter-requirements.txt)
bench_peer_pins="jupyterhub==$JUPYTERHUB_VERSION jupyterhub-kubespawner==$KUBESPAWNER_VERSION configurable-http-proxy@$CHP_VERSION singleuser:$bench_jupyterlab"
if [ "$(cat "$BENCH_PEERS/installed" 2>/dev/null)" != "$bench_peer_pins" ]; then
  echo "==> installing the JupyterHub peer ($bench_peer_pins; log in $BENCH_PEERS/install.log)"
  rm -rf "$BENCH_PEERS"
  mkdir -p "$BENCH_CHP_DIR"
  if ! {
    python3 -m venv "$BENCH_HUB_VENV" &&
      "$BENCH_HUB_VENV/bin/pip" install --disable-pip-version-check \
        "jupyterhub==$JUPYTERHUB_VERSION" "jupyterhub-kubespawner==$KUBESPAWNER_VERSION" &&
      npm install --no-audit --no-fund --prefix "$BENCH_CHP_DIR" "configurable-http-proxy@$CHP_VERSION" &&
      # Debian's Python, as the workspaces' runtime: inside a pod only the
      # host's /usr is there (scripts/runtimes.sh checks it can make venvs)
      /usr/bin/python3 -m venv "$BENCH_SINGLEUSER_VENV" &&
      "$BENCH_SINGLEUSER_VENV/bin/pip" install --disable-pip-version-check --only-binary=:all: \
        "jupyterhub==$JUPYTERHUB_VERSION" "$bench_jupyterlab" \
        -c scripts/runtimes/jupyter-constraints.txt &&
      # the runtime's settings that keep JupyterLab off the network, and
      # readable by the pod's user (as scripts/runtimes.sh does)
      install -D -m 644 scripts/runtimes/jupyter/jupyter_server_config.json \
        "$BENCH_SINGLEUSER_VENV/etc/jupyter/jupyter_server_config.json" &&
      install -D -m 644 scripts/runtimes/jupyter/page_config.json \
        "$BENCH_SINGLEUSER_VENV/etc/jupyter/labconfig/page_config.json" &&
      install -D -m 644 scripts/runtimes/jupyter/overrides.json \
        "$BENCH_SINGLEUSER_VENV/share/jupyter/lab/settings/overrides.json" &&
      chmod -R a+rX "$BENCH_SINGLEUSER_VENV"
  } >"$BENCH_PEERS/install.log" 2>&1; then
    tail -30 "$BENCH_PEERS/install.log" >&2
    return 1
  fi
  echo "$bench_peer_pins" >"$BENCH_PEERS/installed"
fi
unset bench_peer_pins bench_jupyterlab
