#!/usr/bin/env bash
# Reading submissions vs raw storage writes: the app (Release build) behind Kabinet.LocalHost, on its own
# Azurite (in memory) and MailDev. bench/readings.mjs imports a provider with one account and meter per client,
# registers users and links the accounts through the API, then measures
#   (a) POST /api/accounts/{id}/meters/{meterId}/readings per second with BENCH_CLIENTS concurrent clients
#       (one meter per client, increasing values), p50 and p99 latency, and
#   (b) raw single-entity upserts per second to the same Azurite (Table REST API, SharedKey) with as many clients,
# and prints both and their ratio on one line.
#
# Settings (environment):
#   BENCH_CLIENTS=32          concurrent clients (= meters = accounts; users link 10 each)
#   BENCH_DURATION_S=15       per measurement
#   BENCH_SKIP_READINGS=1     measure only the raw writes
#   BENCH_SKIP_BUILD=1        use the existing Release build outputs
# Exit code: 0 when every submission answered 201 and every upsert 204, 1 otherwise.
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
      cat "$work/build.log" >&2; echo "readings bench: build of $project failed" >&2; exit 1
    fi
  done
fi
[ -x "$app_root/Kabinet" ] && [ -f "$localhost_dll" ] || { echo "readings bench: no Release build in $app_root / $localhost_dll" >&2; exit 1; }

smtp=$(free_port); web=$(free_port); port=$(free_port)
# Azurite in memory, as in import.sh: with disk persistence its table store re-saves the database as it grows,
# and both halves would measure that. The app and the raw writer share this one Azurite.
blob=$(free_port); queue=$(free_port); table=$(free_port)
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
  --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" >>"$work/services.log" 2>&1 &
DEV_SERVICE_PIDS="$!"
node_modules/.bin/maildev --ip 127.0.0.1 --smtp "$smtp" --web "$web" --silent >>"$work/services.log" 2>&1 &
DEV_SERVICE_PIDS="$DEV_SERVICE_PIDS $!"
wait_port "$blob" Azurite && wait_port "$queue" Azurite && wait_port "$table" Azurite && wait_port "$smtp" MailDev || { cat "$work/services.log" >&2; exit 1; }
STORAGE_CONNECTION_STRING=$(storage_connection_string "$blob" "$queue" "$table")

login="bench-operator@example.com"; password="BenchOper4tor"
cat >"$work/local.settings.json" <<JSON
{ "IsEncrypted": false, "Values": {
  "FUNCTIONS_WORKER_RUNTIME": "custom",
  "AzureWebJobsStorage": "$STORAGE_CONNECTION_STRING",
  "Smtp__Host": "127.0.0.1", "Smtp__Port": "$smtp", "Smtp__Security": "None", "Smtp__From": "bench@kabinet.local",
  "Auth__SigningKey": "bench-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')",
  "Auth__OperatorLogin": "$login", "Auth__OperatorPassword": "$password",
  "Logging__LogLevel__Default": "Warning"
} }
JSON

dotnet "$localhost_dll" --app-root "$app_root" --settings "$work/local.settings.json" --port "$port" \
  --host-id "bench-readings$(date +%s)" >"$work/localhost.log" 2>&1 &
host_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health" 2>/dev/null)" = 200 ] && break
  kill -0 "$host_pid" 2>/dev/null || { tail -30 "$work/localhost.log" >&2; echo "readings bench: LocalHost exited" >&2; exit 1; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] || {
  tail -30 "$work/localhost.log" >&2; echo "readings bench: no 200 on $base/api/health" >&2; exit 1; }

echo "Kabinet (Release) behind LocalHost at $base; $(nproc) cores; ${BENCH_CLIENTS:-32} clients, ${BENCH_DURATION_S:-15} s each"
node bench/readings.mjs --base "$base" --storage "$STORAGE_CONNECTION_STRING" --login "$login" --password "$password" \
  --clients "${BENCH_CLIENTS:-32}" --duration "${BENCH_DURATION_S:-15}" ${BENCH_SKIP_READINGS:+--skip-readings}
status=$?
[ $status -ne 0 ] && { echo "--- LocalHost log (last 30 lines) ---" >&2; tail -30 "$work/localhost.log" >&2; }
exit $status
