#!/usr/bin/env bash
# Steady-state step time of generated code under JMH, one JVM fork per workload:
#   bench/jmh.sh                          all of StepBenchmark's workloads
#   bench/jmh.sh -p workload=w1_sine.nn   one (any JMH option passes through)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt \
  || mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=100000 -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main 'dev.nnc.bench.StepBenchmark' -jvmArgsAppend "--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=100000 -Dnnc.bench.dir=$here/bench" "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
