# Sourced by scripts/test, e2e and bench: exports CHROMIUM, the system
# Chromium that playwright-core drives, installed from apt when missing.
if [ -z "${CHROMIUM:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then CHROMIUM=$candidate; break; fi
  done
fi
if [ -z "${CHROMIUM:-}" ]; then
  echo "==> installing Chromium from apt"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  CHROMIUM=/usr/bin/chromium
fi
export CHROMIUM
