# Sourced by scripts/start, test, e2e and bench: installs the dependencies from
# yarn.lock (never changing it), quietly unless something goes wrong. Done once
# per run: a script started by another one (scripts/e2e starting the demo
# inside the loopback guard, where the registry is out of reach) skips it.
if [ -z "${WORKSPACES_INSTALLED:-}" ]; then
  mkdir -p .demo
  echo "==> installing dependencies (log in .demo/install.log)"
  if ! yarn install --immutable >.demo/install.log 2>&1; then
    grep -E 'YN0001|YN0009|YN0028|Error' .demo/install.log | head -40 || true
    echo "yarn install failed; the whole log is in .demo/install.log" >&2
    exit 1
  fi
  export WORKSPACES_INSTALLED=1
fi
