#!/usr/bin/env bash
# Registration flood: GET /api/health latency (p50, p99) alone and while 30 clients POST /api/auth/register
# back to back, end to end through Kabinet.LocalHost (the Functions host stand-in) on Azurite. Every
# request comes from an address of its own and for a new phone, so only the password-hash gate
# (Auth:PasswordHashConcurrency, one per core by default) limits them; beyond it they get 503 service.busy.
# Builds functions/Kabinet and functions/Kabinet.LocalHost (Release), starts Azurite and MailDev on free
# ports, starts LocalHost, then runs bench/register-flood.mjs.
#
# Settings (environment):
#   BENCH_CLIENTS=30          registering clients
#   BENCH_DURATION_S=20       the flood
#   BENCH_BASELINE_S=5        health alone first
#   BENCH_SMOKE=1             a smoke run: 3 s flood after 2 s of health alone
#   BENCH_HASH_CONCURRENCY=0  Auth:PasswordHashConcurrency (0: one per core)
#   BENCH_SKIP_BUILD=1        use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
# LocalHost appends 127.0.0.1 to X-Forwarded-For (as the Functions front end appends the caller), so here every
# request comes from one address: the per-address send limit is lifted for the run to let the flood reach the hashes.
# Exit code: 0 when health always answered 200 and no registration answered 500, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-services.sh
ensure_npm_packages || exit 1

work=$(mktemp -d)
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  # Azurite can take a minute to stop gracefully and its data is thrown away: SIGTERM, then SIGKILL after 5 s.
  if [ -n "${DEV_SERVICE_PIDS:-}" ]; then
    kill $DEV_SERVICE_PIDS 2>/dev/null
    for _ in $(seq 1 25); do kill -0 $DEV_SERVICE_PIDS 2>/dev/null || break; sleep 0.2; done
    kill -KILL $DEV_SERVICE_PIDS 2>/dev/null; wait $DEV_SERVICE_PIDS 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

configuration=${BENCH_CONFIGURATION:-Release}
app_root=functions/Kabinet/bin/$configuration/net10.0
localhost_dll=functions/Kabinet.LocalHost/bin/$configuration/net10.0/Kabinet.LocalHost.dll
if [ "${BENCH_SKIP_BUILD:-0}" = 0 ]; then
  echo "Building functions/Kabinet and functions/Kabinet.LocalHost ($configuration)..."
  for project in functions/Kabinet functions/Kabinet.LocalHost; do
    if ! dotnet build "$project" -c "$configuration" -nologo -v quiet >"$work/build.log" 2>&1; then
      cat "$work/build.log" >&2
      echo "register-flood bench: build of $project failed" >&2
      exit 1
    fi
  done
fi
[ -x "$app_root/Kabinet" ] && [ -f "$localhost_dll" ] || { echo "register-flood bench: no $configuration build in $app_root / $localhost_dll" >&2; exit 1; }

smtp=$(free_port); web=$(free_port); port=$(free_port)
start_dev_services "$(free_port)" "$(free_port)" "$(free_port)" "$smtp" "$web" "$work/azurite" "$work/services.log" || {
  cat "$work/services.log" >&2; exit 1; }

cat >"$work/local.settings.json" <<EOF
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "custom",
    "AzureWebJobsStorage": "$STORAGE_CONNECTION_STRING",
    "Smtp__Host": "127.0.0.1",
    "Smtp__Port": "$smtp",
    "Smtp__Security": "None",
    "Smtp__From": "bench@kabinet.local",
    "Auth__SigningKey": "bench-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')",
    "Auth__ClientSendsPerHour": "0",
    "Auth__PasswordHashConcurrency": "${BENCH_HASH_CONCURRENCY:-0}",
    "Logging__LogLevel__Default": "Warning"
  }
}
EOF

dotnet "$localhost_dll" --app-root "$app_root" --settings "$work/local.settings.json" --port "$port" \
  --host-id "bench$(date +%s)" >"$work/localhost.log" 2>&1 &
host_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health" 2>/dev/null)" = 200 ] && break
  kill -0 "$host_pid" 2>/dev/null || { tail -30 "$work/localhost.log" >&2; echo "register-flood bench: LocalHost exited" >&2; exit 1; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] || {
  tail -30 "$work/localhost.log" >&2; echo "register-flood bench: no 200 on $base/api/health" >&2; exit 1; }

if [ -n "${BENCH_SMOKE:-}" ]; then duration=3; baseline=2; else duration=${BENCH_DURATION_S:-20}; baseline=${BENCH_BASELINE_S:-5}; fi
echo "Kabinet (Release) behind LocalHost at $base; $(nproc) cores"
node bench/register-flood.mjs --base "$base" --clients "${BENCH_CLIENTS:-30}" --duration "$duration" --baseline "$baseline"
status=$?
[ $status -ne 0 ] && { echo "--- LocalHost log (last 30 lines) ---" >&2; tail -30 "$work/localhost.log" >&2; }
exit $status
