#!/usr/bin/env bash
# Sign-in benchmark: POST /api/auth/login end to end, through Kabinet.LocalHost (the Functions host
# stand-in) on Azurite. Builds functions/Kabinet and functions/Kabinet.LocalHost (Release), starts
# Azurite and MailDev on free ports, writes a temp local.settings.json, starts LocalHost with the
# Kabinet build output as the function app root, then runs bench/login.mjs: registers users through
# the API, measures sequential sign-in latency (median, p95) and sign-ins per second with 8 and 32
# concurrent clients, and the cost of the password KDF alone.
#
# Settings (environment):
#   BENCH_USERS=20            users registered first
#   BENCH_SEQUENTIAL=200      counted sequential sign-ins (after 10 uncounted)
#   BENCH_DURATION_S=15       per concurrency level
#   BENCH_CLIENTS=8,32        concurrency levels
#   BENCH_SKIP_BUILD=1        use the existing Release build outputs
# Exit code: 0 when every sign-in succeeded, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-services.sh
ensure_npm_packages || exit 1

work=$(mktemp -d)
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
  stop_dev_services
  rm -rf "$work"
}
trap cleanup EXIT

app_root=functions/Kabinet/bin/Release/net10.0
localhost_dll=functions/Kabinet.LocalHost/bin/Release/net10.0/Kabinet.LocalHost.dll
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "Building functions/Kabinet and functions/Kabinet.LocalHost (Release)..."
  for project in functions/Kabinet functions/Kabinet.LocalHost; do
    if ! dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1; then
      cat "$work/build.log" >&2
      echo "login bench: build of $project failed" >&2
      exit 1
    fi
  done
fi
[ -x "$app_root/Kabinet" ] && [ -f "$localhost_dll" ] || { echo "login bench: no Release build in $app_root / $localhost_dll" >&2; exit 1; }

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
  kill -0 "$host_pid" 2>/dev/null || { tail -30 "$work/localhost.log" >&2; echo "login bench: LocalHost exited" >&2; exit 1; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] || {
  tail -30 "$work/localhost.log" >&2; echo "login bench: no 200 on $base/api/health" >&2; exit 1; }

echo "Kabinet (Release) behind LocalHost at $base; $(nproc) cores"
node bench/login.mjs --base "$base" --users "${BENCH_USERS:-20}" --seq "${BENCH_SEQUENTIAL:-200}" --warmup 10 \
  --duration "${BENCH_DURATION_S:-15}" --clients "${BENCH_CLIENTS:-8,32}"
status=$?
[ $status -ne 0 ] && { echo "--- LocalHost log (last 30 lines) ---" >&2; tail -30 "$work/localhost.log" >&2; }
exit $status
