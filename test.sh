#!/usr/bin/env bash
# The README's test command: the whole suite with its real parts (espeak-ng speech, Chromium for the dashboard,
# node, openssl, the encoders that make MP3/Ogg/Opus fixtures). Installs what is missing with apt-get (as root or
# with sudo); where it cannot, says in one line what to install and stops. Arguments go to Maven.
#   ./test.sh                     mvn -B verify, everything real
#   ./test.sh -Dtest=FlacTest     one class
# Under CI=true a real part that is still missing fails its tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")"
export ORT_DISABLE_TELEMETRY=1

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "error: ./test.sh needs Java 17+ and Maven (mvn) on the PATH" >&2; exit 1; }
done

# tool on the PATH -> Debian package that brings it
declare -A pkg=([espeak-ng]=espeak-ng [chromium]=chromium [node]=nodejs [npm]=npm [openssl]=openssl
                [sox]=sox [lame]=lame [opusenc]=opus-tools)
need=()
for tool in "${!pkg[@]}"; do
  command -v "$tool" >/dev/null || need+=("${pkg[$tool]}")
done
# confusion-matrix PNGs (emostream.eval) draw text with java.awt: fontconfig and one font
[ -n "$(fc-list 2>/dev/null | head -n 1)" ] || need+=(fontconfig fonts-dejavu-core)

if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  if command -v apt-get >/dev/null && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
    echo "installing what the tests drive: ${need[*]} ..." >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "error: the tests need ${need[*]} (Debian/Ubuntu: sudo apt-get install ${need[*]}); install them and run ./test.sh again" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
