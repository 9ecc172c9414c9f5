#!/usr/bin/env bash
# Runs every test (unit, TorchSharp networks, engine integration, SignalR loopback, browser end-to-end) and ends
# with one line "N passed, N failed" summed over all test assemblies.
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --test || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# What the app's and the CLI's entry points give themselves (Engine/Hosting/MallocArenas.cs): the test hosts run the
# engine on worker threads too, whose own malloc arenas would map every large buffer anew.
export GLIBC_TUNABLES="glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
if ! dotnet build ExplainHub.sln -c Release -nologo -v:q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; status=0
log=$(mktemp)
# One assembly at a time: the machine has two cores and training tests use both.
for project in $(dotnet sln ExplainHub.sln list | grep -E '^tests[/\\]' | tr '\\' '/'); do
  dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  line=$(grep -E "^(Passed|Failed)!" "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "no test summary from $project" >&2
    failed=$((failed + 1)); status=1
    continue
  fi
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<< "$line")
  f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<< "$line")
  passed=$((passed + p)); failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
