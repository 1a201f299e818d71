#!/usr/bin/env bash
# Runs every test: unit tests, rule fixtures, and the integration tests against moto_server.
# Installs what the tests need when it is missing (moto_server with pip, Chromium from Debian).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v moto_server >/dev/null 2>&1; then
  echo "test.sh: installing moto[server]" >&2
  python3 -m pip install --quiet 'moto[server]==5.2.1' || python3 -m pip install --quiet 'moto[server]'
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium" >&2
  if [[ $(id -u) -eq 0 ]]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "test.sh: chromium could not be installed; browser tests will fail" >&2
  fi
fi

./mvnw -B verify "$@"
