#!/usr/bin/env bash
# Cold start of the Kabinet custom handler, measured the way the Functions host starts it.
# Publishes functions/Kabinet (Release, linux-x64, self-contained) into a temp dir, starts Azurite
# and MailDev on free ports, then runs bench/cold-start.mjs: it starts <publish>/Kabinet with
# FUNCTIONS_CUSTOMHANDLER_PORT, times the first answer on GET / and the first 200 on
# GET /api/health, kills it, and repeats. One warm-up run (page cache, Azurite tables) is not counted.
#
# Settings (environment):
#   BENCH_RUNS=10            counted runs
#   BENCH_WARMUP=1           uncounted runs first
#   BENCH_TIMEOUT_S=30       per run, for each of the two probes
#   BENCH_INTERVAL_MS=5      poll interval
#   BENCH_PUBLISH_ARGS=...   extra `dotnet publish` arguments, e.g. "-p:PublishReadyToRun=true"
#   BENCH_PUBLISH_DIR=dir    use an existing publish output instead of publishing
# Exit code: 0 when every run reached both probes, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-services.sh
ensure_npm_packages || exit 1

work=$(mktemp -d)
trap 'stop_dev_services; rm -rf "$work"' EXIT

publish=${BENCH_PUBLISH_DIR:-}
if [ -z "$publish" ]; then
  publish="$work/publish"
  echo "Publishing functions/Kabinet (Release, linux-x64, self-contained) ${BENCH_PUBLISH_ARGS:-}..."
  # shellcheck disable=SC2086
  if ! dotnet publish functions/Kabinet -c Release -r linux-x64 --self-contained -o "$publish" -nologo -v quiet \
      ${BENCH_PUBLISH_ARGS:-} >"$work/publish.log" 2>&1; then
    cat "$work/publish.log" >&2
    echo "cold start: publish failed" >&2
    exit 1
  fi
fi
[ -x "$publish/Kabinet" ] || { echo "cold start: no executable $publish/Kabinet" >&2; exit 1; }

smtp=$(free_port); web=$(free_port)
start_dev_services "$(free_port)" "$(free_port)" "$(free_port)" "$smtp" "$web" "$work/azurite" "$work/services.log" || {
  cat "$work/services.log" >&2; exit 1; }

export AzureWebJobsStorage="$STORAGE_CONNECTION_STRING"
export AZURE_FUNCTIONS_ENVIRONMENT=Development
export Smtp__Host=127.0.0.1 Smtp__Port="$smtp" Smtp__From="bench@kabinet.local"
echo "Handler: $publish/Kabinet ($(du -sh "$publish" | cut -f1) published); $(nproc) cores"
node bench/cold-start.mjs "$publish/Kabinet" --runs "${BENCH_RUNS:-10}" --warmup "${BENCH_WARMUP:-1}" \
  --timeout "${BENCH_TIMEOUT_S:-30}" --interval "${BENCH_INTERVAL_MS:-5}"
