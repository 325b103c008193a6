#!/usr/bin/env bash
# Installs Debian's Chromium if it is missing: the printable forms are checked in a real browser
# (test/e2e/forms.browser.spec.ts). Playwright's own browser downloads are not reachable here; Debian's package is.
set -euo pipefail
if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# The Debian wrapper script prints a harmless shell warning on some machines; only the version line matters.
chromium --version 2>/dev/null
