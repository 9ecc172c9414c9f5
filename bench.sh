#!/usr/bin/env bash
# ./bench.sh NAME — runs one benchmark (ours and the reference's in the same invocation); the last line printed is
# one JSON object with our figures, the reference's and the ratios. Known: seed-cnn, seed-cnn-tuned, classical, cnn, resnet-fmnist, explain, evaluate, sessions, perturb.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --test >&2
dotnet build bench/ExplainHub.Bench/ExplainHub.Bench.csproj -c Release -nologo -v:q -clp:ErrorsOnly >&2
exec dotnet bench/ExplainHub.Bench/bin/Release/net10.0/ExplainHub.Bench.dll "$@"
