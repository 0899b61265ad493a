# Sourced by scripts/start and scripts/test: installs the dependencies from
# yarn.lock (never changing it), quietly unless something goes wrong.
mkdir -p .demo
echo "==> installing dependencies (log in .demo/install.log)"
if ! yarn install --immutable >.demo/install.log 2>&1; then
  grep -E 'YN0001|YN0009|YN0028|Error' .demo/install.log | head -40 || true
  echo "yarn install failed; the whole log is in .demo/install.log" >&2
  exit 1
fi
