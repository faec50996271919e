#!/usr/bin/env bash
# ecogate agent and CLI. Finds its jar from where it really is (symlinks followed): beside it on an installed box
# (/usr/lib/ecogate/, /usr/bin/ecogate is a link), or in the build tree when it is bin/ecogate of a checkout.
# JVM profile for small boxes (docs/BUFFER.md, Measured); override with ECOGATE_JAVA_OPTS.
here="$(dirname "$(readlink -f "$0")")"
jar=""
for c in "$here/ecogate-all.jar" "$here/../gateway-agent/target/ecogate-all.jar"; do
  [ -f "$c" ] && { jar="$c"; break; }
done
[ -n "$jar" ] || { echo "ecogate: ecogate-all.jar not found beside $here (run ./install)" >&2; exit 1; }
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
exec java ${ECOGATE_JAVA_OPTS:--XX:+IgnoreUnrecognizedVMOptions -Xms8m -Xmx32m -Xss200k -XX:+UseSerialGC -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=3m -XX:CompileThresholdScaling=100 -XX:MaxDirectMemorySize=8m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TrimNativeHeapInterval=5000} -jar "$jar" "$@"
