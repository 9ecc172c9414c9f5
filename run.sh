#!/usr/bin/env bash
# Starts ExplainHub (web app with the embedded engine and Fashion-MNIST) on http://127.0.0.1:${PORT:-5080}.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
export PORT="${PORT:-5080}"
dotnet build Server/ExplainHub.Server.csproj -c Release -nologo -v:q -clp:ErrorsOnly
echo "ExplainHub: http://127.0.0.1:${PORT}" >&2
exec dotnet run --project Server/ExplainHub.Server.csproj -c Release --no-build --no-launch-profile -- "$@"
