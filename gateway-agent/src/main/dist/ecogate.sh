#!/usr/bin/env bash
# ecogate agent and CLI. Finds its jar from where it really is (symlinks followed): beside it on an installed box
# (/usr/lib/ecogate/, /usr/bin/ecogate is a link), or in the build tree when it is bin/ecogate of a checkout.
# JVM profile for small boxes (docs/PERFORMANCE.md, Box costs: -Xmn2m keeps the young generation, which the serial GC
# never shrinks, at 2 MB); override with ECOGATE_JAVA_OPTS. ECOGATE_JAVA names
# another java command (the ARM check: qemu-aarch64-static with Debian's arm64 JVM).
here="$(dirname "$(readlink -f "$0")")"
jar=""
for c in "$here/ecogate-all.jar" "$here/../gateway-agent/target/ecogate-all.jar"; do
  [ -f "$c" ] && { jar="$c"; break; }
done
[ -n "$jar" ] || { echo "ecogate: ecogate-all.jar not found beside $here (run ./install)" >&2; exit 1; }
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
opts="${ECOGATE_JAVA_OPTS:--XX:+IgnoreUnrecognizedVMOptions -Xms8m -Xmx32m -Xmn2m -Xss200k -XX:+UseSerialGC -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=3m -XX:CompileThresholdScaling=100 -XX:MaxDirectMemorySize=8m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TrimNativeHeapInterval=5000 -XX:StringTableSize=4096}"
# A big plant's config (over 512 KB, e.g. 200 devices x 128 points) is parsed at start-up: let the JIT compile at its
# normal thresholds, with a 16 MB code cache, so start-up stays ~2 s instead of ~4 s (issue 12; costs ~5 MB RSS), and give
# the heap 64 MB (and the default young generation): 25,600 points' live values, read plans and in-flight batches leave no headroom in 32 MB.
if [ -z "${ECOGATE_JAVA_OPTS:-}" ]; then
  cfg=""; prev=""
  for a in "$@"; do case "$prev" in -c|--config|validate) cfg="$a" ;; esac; prev="$a"; done
  if [ -n "$cfg" ] && [ -f "$cfg" ] && [ "$(stat -c %s "$cfg")" -gt 524288 ]; then
    opts="${opts/-XX:CompileThresholdScaling=100/} -XX:ReservedCodeCacheSize=16m"
    opts="${opts/-Xmx32m/-Xmx64m}"
    opts="${opts/-Xmn2m /}"
    echo "ecogate: $cfg is a big config ($(stat -c %s "$cfg") bytes): JIT at normal thresholds, 16 MB code cache, heap -Xmx64m" >&2
  fi
fi
exec ${ECOGATE_JAVA:-java} $opts -jar "$jar" "$@"
