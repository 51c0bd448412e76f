#!/usr/bin/env bash
# Import throughput: the app (Release build) behind Kabinet.LocalHost, on its own Azurite and MailDev.
# bench/import.mjs generates BENCH_ACCOUNTS accounts (and as many meters), uploads the CSVs to the `imports`
# container, imports them by blob reference, prints rows per second and verifies the counts.
#
# Settings (environment):
#   BENCH_ACCOUNTS=100000    accounts (and meters) to import
#   BENCH_METERS=1           also import one meter per account (0 = accounts only)
#   BENCH_CHUNK_ROWS=2000    Imports__ChunkRows of the app
# Exit code: 0 when every import finished with every row accepted and the index counts match, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-services.sh
ensure_npm_packages || exit 1

work=$(mktemp -d)
host_pid=""
trap '[ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; stop_dev_services; rm -rf "$work"' EXIT

echo "Building functions/Kabinet and Kabinet.LocalHost (Release)..."
for project in functions/Kabinet functions/Kabinet.LocalHost; do
  if ! dotnet build "$project" -c Release -nologo -v quiet >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2; echo "import bench: build failed" >&2; exit 1
  fi
done

smtp=$(free_port); web=$(free_port); port=$(free_port)
# Azurite in memory: with disk persistence its table store re-saves the whole database as it grows, and a
# 100,000-row import would measure that instead of the app.
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
  "Smtp__Host": "127.0.0.1", "Smtp__Port": "$smtp", "Smtp__Security": "None",
  "Auth__SigningKey": "bench-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')",
  "Auth__OperatorLogin": "$login", "Auth__OperatorPassword": "$password",
  "Imports__ChunkRows": "${BENCH_CHUNK_ROWS:-2000}",
  "Logging__LogLevel__Default": "Warning"
} }
JSON

dotnet functions/Kabinet.LocalHost/bin/Release/net10.0/Kabinet.LocalHost.dll --app-root functions/Kabinet/bin/Release/net10.0 \
  --settings "$work/local.settings.json" --port "$port" --host-id "bench-import" >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/api/health" >/dev/null || { tail -50 "$work/host.log" >&2; echo "import bench: the app did not start" >&2; exit 1; }

echo "App behind LocalHost on :$port; $(nproc) cores; ${BENCH_ACCOUNTS:-100000} accounts, chunks of ${BENCH_CHUNK_ROWS:-2000} rows"
node bench/import.mjs "http://127.0.0.1:$port" "$STORAGE_CONNECTION_STRING" "$login" "$password" "${BENCH_ACCOUNTS:-100000}" "${BENCH_METERS:-1}"
status=$?
[ $status -ne 0 ] && tail -30 "$work/host.log" >&2
exit $status
