#!/usr/bin/env bash
# emostream launcher: builds on first use (or when sources changed), then runs a command.
#   ./run.sh                 start the detector on the embedded default (see README)
#   ./run.sh <command> ...   any command; ./run.sh --help lists them
#   ./run.sh test [ARGS]     the whole test suite with its real parts (installs what the tests drive; see README)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
export EMOSTREAM_HOME="$HERE"
# ONNX Runtime otherwise writes telemetry files under ~/.cache and /tmp
export ORT_DISABLE_TELEMETRY=1
# glibc gives each busy native thread (Vosk's decoders run on the recognition workers, ONNX Runtime on the
# sources' threads) a malloc arena of its own that is rarely given back: with many live streams the resident
# memory grows by arenas, not by what is in use. Two arenas are enough for these few threads (issue 20).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# the tests: no build of our own first (Maven builds), the set-up lives in .ci/test-setup
if [ "${1:-}" = test ]; then
  shift
  exec "$HERE/.ci/test-setup" "$@"
fi

jar="target/emostream.jar"
stale() {
  [ ! -f "$jar" ] || [ ! -d target/lib ] || [ ! -d target/vosk/assets/model-en-us ] && return 0
  [ -n "$(find src/main config pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  command -v mvn >/dev/null || { echo "error: Maven (mvn) is needed to build emostream; install it and Java 17+" >&2; exit 1; }
  if [ ! -d target/vosk/assets/model-en-us ]; then
    # first build: say what the minutes go into (mvn -q prints nothing while it works)
    echo "building emostream for the first time (a few minutes):" >&2
    echo "  - downloading the Java dependencies (about 350 MB: ONNX Runtime, Vosk, PyTorch for training, Kafka, Netty, ...)" >&2
    echo "  - unpacking the Vosk English speech model (40 MB download, 68 MB unpacked, into target/vosk)" >&2
    echo "  - npm ci of the dashboard (src/main/web: the chart library, 15 MB)" >&2
  else
    echo "rebuilding emostream (sources changed) ..." >&2
  fi
  mvn -B -q -DskipTests package >&2
  echo "build done" >&2
fi

# no arguments: the main job (the detector on the bundled model, microphone + dashboard)
[ $# -eq 0 ] && set -- run

# training and evaluation hold every corpus's feature windows in memory (spec3d: ~150 KB per 2-s window)
# -Xms64m: the JVM otherwise starts with 1/64 of the machine's RAM as heap (380 MB on a 23.5 GB machine) and G1
# touches all of it, though what the detector keeps on the Java heap is small (its models live in native memory):
# 8 live streams then commit 132 MB of heap, not 380 (16 streams allocate enough that G1 grows it to ~400 MB
# anyway; issue 20, docs/BENCHMARKS.md)
heap="-Xms64m -Xmx2g"
case "$1" in train|evaluate|export|finetune-text) heap=-Xmx10g ;; esac
exec java ${EMOSTREAM_JAVA_OPTS:-$heap} -Dai.djl.offline=true -Demostream.home="$HERE" \
  -cp "$jar:target/lib/*" emostream.cli.Main "$@"
