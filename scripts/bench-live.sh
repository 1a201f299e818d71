#!/usr/bin/env bash
# Benchmarks `audit --live` against moto_server (pip install 'moto[server]'): builds an estate in moto with
# the test sources' builders, runs each launcher N times interleaved, and prints the medians of wall time,
# CPU time, peak RSS and time to the first AWS call, and the calls moto received. Examples:
#   scripts/bench-live.sh                                   # the blog estate, 7 runs of ./fargate-ci-audit
#   scripts/bench-live.sh --estate hardened --runs 9
#   scripts/bench-live.sh --launcher ./fargate-ci-audit --launcher /tmp/other-build/fargate-ci-audit
# `scripts/bench-live.sh --help` lists the options. docs/performance.md says how to read the numbers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
command -v moto_server >/dev/null || { echo "bench-live: moto_server is not on the PATH (pip install 'moto[server]')" >&2; exit 2; }
bench="target/test-classes/dev/fargateciaudit/loadtools/LiveBenchCommand.class"
if [[ ! -f "$bench" || ! -f target/fargate-ci-audit.jar ]] \
  || [[ -n "$(find pom.xml src rules -newer "$bench" -type f -print -quit 2>/dev/null)" ]]; then
  echo "bench-live: building ..." >&2
  ./mvnw -B -q -DskipTests -DskipITs package >&2
fi
cp_file=target/test-classpath.txt
if [[ ! -s "$cp_file" || pom.xml -nt "$cp_file" ]]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
java_cmd="${FCA_JAVA:-}"
if [[ -z "$java_cmd" && -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then java_cmd="${JAVA_HOME}/bin/java"; fi
exec "${java_cmd:-java}" -cp "target/test-classes:target/classes:$(cat "$cp_file")" \
  dev.fargateciaudit.loadtools.LoadTools bench-live "$@"
