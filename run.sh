#!/usr/bin/env bash
# emostream launcher: builds on first use (or when sources changed), then runs a command.
#   ./run.sh                 start the detector on the embedded default (see README)
#   ./run.sh <command> ...   any command; ./run.sh --help lists them
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
export EMOSTREAM_HOME="$HERE"
# ONNX Runtime otherwise writes telemetry files under ~/.cache and /tmp
export ORT_DISABLE_TELEMETRY=1

jar="target/emostream.jar"
stale() {
  [ ! -f "$jar" ] || [ ! -d target/lib ] || [ ! -d target/vosk/assets/model-en-us ] && return 0
  [ -n "$(find src/main config pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]
}
if stale; then
  command -v mvn >/dev/null || { echo "error: Maven (mvn) is needed to build emostream; install it and Java 17+" >&2; exit 1; }
  echo "building emostream (first run takes a few minutes) ..." >&2
  mvn -B -q -DskipTests package >&2
fi

# no arguments: the main job (the detector on the bundled model, microphone + dashboard)
[ $# -eq 0 ] && set -- run

exec java ${EMOSTREAM_JAVA_OPTS:--Xmx2g} -Dai.djl.offline=true -Demostream.home="$HERE" \
  -cp "$jar:target/lib/*" emostream.cli.Main "$@"
