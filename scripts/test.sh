#!/usr/bin/env bash
# Runs every test: unit tests, rule fixtures, and the integration tests against moto_server.
# Installs what the tests need when it is missing (moto_server with pip, Chromium and rsync from Debian,
# gitlab-ci-local with npm).
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

# GitLabPipelinesIT runs the ci-templates/ with gitlab-ci-local (pinned; 4.65 is the last release that
# runs on Node 20), which copies the project with rsync.
gcl_dir="$HOME/.cache/fca-gitlab-ci-local"
if [[ ! -x "$gcl_dir/node_modules/.bin/gitlab-ci-local" ]]; then
  echo "test.sh: installing gitlab-ci-local" >&2
  mkdir -p "$gcl_dir"
  npm install --silent --no-audit --no-fund --prefix "$gcl_dir" gitlab-ci-local@4.65.1 >&2 \
    || echo "test.sh: gitlab-ci-local could not be installed; GitLabPipelinesIT will fail" >&2
fi
if ! command -v rsync >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
  echo "test.sh: installing rsync" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null) \
    || echo "test.sh: rsync could not be installed; GitLabPipelinesIT will fail" >&2
fi

./mvnw -B verify "$@"
