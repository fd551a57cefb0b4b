#!/usr/bin/env bash
# Install the Debian packages skillcert needs, only those missing. Safe to run twice, and
# safe to run twice at once: a second `make run` waits for the first one's install (flock)
# and apt itself waits for any other package manager's lock instead of failing.
set -euo pipefail
if [ -z "${SKILLCERT_DEPS_LOCKED:-}" ] && command -v flock >/dev/null; then
  export SKILLCERT_DEPS_LOCKED=1
  exec flock "${TMPDIR:-/tmp}/skillcert-system-deps.lock" "$0" "$@"
fi
need=()
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v msgfmt >/dev/null || need+=(gettext)
command -v flite >/dev/null || need+=(flite)
command -v zbarimg >/dev/null || need+=(zbar-tools)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
wait_for_lock=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
# `apt-get update` does not wait for the package lists' lock (DPkg::Lock::Timeout covers
# dpkg only), so another package manager's update is waited for here, up to ten minutes.
for attempt in $(seq 60); do
  if apt-get "${wait_for_lock[@]}" update -qq; then break; fi
  [ "$attempt" -lt 60 ] || exit 1
  echo "apt is busy (another package manager holds its lock); waiting…" >&2
  sleep 10
done
DEBIAN_FRONTEND=noninteractive apt-get "${wait_for_lock[@]}" install -y -qq "${need[@]}" >/dev/null
