#!/usr/bin/env bash
# Runs every test of MeshActors. Installs what the tests need when it is missing, then runs
# `dotnet test` on the solution. The exit code is the result.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
# Real-browser interop tests drive Debian's Chromium (never a downloaded browser).
if [ -d tests/MeshActors.Interop.Tests ] && ! command -v chromium >/dev/null 2>&1; then
  need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
log=$(mktemp)
status=0
# A test that hangs is aborted after 5 minutes and named in the output (timeouts in tests are for
# hangs; this is the backstop that keeps CI from waiting forever).
dotnet test MeshActors.sln -c Release --blame-hang-timeout 5m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line that sums every test project's summary.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
