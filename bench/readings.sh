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
#   BENCH_SKIP_BUILD=1        use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_IDEMPOTENCY=1       a fresh Idempotency-Key on every submission (what the middleware costs)
#   BENCH_SMOKE=1             tiny counts (2 clients, 1 s each): checks the bench works
# Exit code: 0 when every submission answered 201 and every upsert 204, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init readings
bench_build
# In memory, as in import.sh; the app and the raw writer share this one Azurite.
bench_services memory
bench_operator
bench_start_localhost "bench-readings$(date +%s)"

clients=${BENCH_CLIENTS:-$(bench_pick 32 2)}; duration=${BENCH_DURATION_S:-$(bench_pick 15 1)}; warmup=$(bench_pick 3 0)
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores; $clients clients, $duration s each"
node bench/readings.mjs --base "$BENCH_BASE" --storage "$STORAGE_CONNECTION_STRING" --login "$BENCH_OPERATOR_LOGIN" \
  --password "$BENCH_OPERATOR_PASSWORD" --clients "$clients" --duration "$duration" --warmup "$warmup" ${BENCH_SKIP_READINGS:+--skip-readings} \
  ${BENCH_IDEMPOTENCY:+--idempotency} --pids "$(bench_pids)" \
  || bench_fail "a submission or an upsert failed"
