#!/usr/bin/env bash
# The end-to-end tests need a Chromium. Playwright can not download its own browsers offline, so use
# the system one, installing it from the distribution when this machine can; otherwise say what to do.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
  if [ "$sudo" != "none" ]; then
    echo "Installing Chromium for the end-to-end tests (apt-get install chromium)..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
    echo /usr/bin/chromium
    exit 0
  fi
fi
echo "The end-to-end tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary." >&2
exit 1
