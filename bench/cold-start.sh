#!/usr/bin/env bash
# Cold start of the Kabinet custom handler, measured the way the Functions host starts it.
# Publishes functions/Kabinet (Release, linux-x64, self-contained) into a temp dir, starts Azurite
# and MailDev on free ports, passes the app's settings (storage, SMTP, a random signing key) as
# environment variables, then runs bench/cold-start.mjs: it starts <publish>/Kabinet with
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
#   BENCH_SMOKE=1            one run, no warm-up, on the build output (BENCH_CONFIGURATION) instead of a publish: checks the bench works
# Exit code: 0 when every run reached both probes, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init "cold start"

publish=${BENCH_PUBLISH_DIR:-}
if [ -z "$publish" ] && bench_smoke; then
  bench_build
  publish=$BENCH_APP_ROOT
elif [ -z "$publish" ]; then
  publish="$BENCH_WORK/publish"
  echo "Publishing functions/Kabinet (Release, linux-x64, self-contained) ${BENCH_PUBLISH_ARGS:-}..."
  # shellcheck disable=SC2086
  dotnet publish functions/Kabinet -c Release -r linux-x64 --self-contained -o "$publish" -nologo -v quiet \
      ${BENCH_PUBLISH_ARGS:-} >"$BENCH_WORK/publish.log" 2>&1 || { cat "$BENCH_WORK/publish.log" >&2; bench_fail "publish failed"; }
fi
[ -x "$publish/Kabinet" ] || bench_fail "no executable $publish/Kabinet"

bench_services
bench_export_settings
export AZURE_FUNCTIONS_ENVIRONMENT=Development
echo "Handler: $publish/Kabinet ($(du -sh "$publish" | cut -f1) published); $(nproc) cores"
node bench/cold-start.mjs "$publish/Kabinet" --runs "${BENCH_RUNS:-$(bench_pick 10 1)}" --warmup "${BENCH_WARMUP:-$(bench_pick 1 0)}" \
  --timeout "${BENCH_TIMEOUT_S:-30}" --interval "${BENCH_INTERVAL_MS:-5}"
