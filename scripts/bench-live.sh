#!/usr/bin/env bash
# Benchmarks `audit --live` against moto_server (pip install 'moto[server]'): builds an estate in moto with
# the test sources' builders, runs each launcher N times interleaved, and prints the medians of wall time,
# CPU time, peak RSS, time to the first AWS call (and the CPU used by then) and the calls moto received. Examples:
#   scripts/bench-live.sh                                   # the blog estate, 7 runs of ./fargate-ci-audit
#   scripts/bench-live.sh --estate hardened --runs 9
#   scripts/bench-live.sh --launcher ./fargate-ci-audit --launcher /tmp/other-build/fargate-ci-audit
#   scripts/bench-live.sh --serve                           # build the estate and keep moto up, for profiling
# `scripts/bench-live.sh --help` lists the options; docs/performance.md says how to read the numbers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v moto_server >/dev/null || { echo "bench-live: moto_server is not on the PATH (pip install 'moto[server]')" >&2; exit 2; }
cd "$here"
exec scripts/load-tools bench-live "$@"
