#!/usr/bin/env bash
# Payments vs raw storage writes: the app (Release build) behind Kabinet.LocalHost, on its own Azurite (in memory) and
# MailDev. bench/payments.mjs imports a provider with one account and meter per client, registers users and links the
# accounts through the API (as readings.sh does), then measures with BENCH_CLIENTS concurrent clients
#   (a) raw single-entity inserts per second to the same Azurite (Table REST API, SharedKey), before any payment,
#   (b) payments created per second: POST /api/payments with a fresh Idempotency-Key, one account per client,
#   (c) outcomes applied per second: POST /api/payments/sandbox/{id} {outcome: "succeeded"} once for every payment
#       created in (b) — the sandbox records it and notifies in-process: the notice is read, the gateway asked, the
#       payment moved and the account credited,
#   (d) signed notices replayed per second: POST /api/payments/gateways/sandbox/callback for payments already applied,
# and the ratios to (a), the storage calls per operation, the CPU per operation of each process, how long the receipts
# the successes queued take to render, and checks every account's balance against the payments that succeeded.
#
# Settings (environment):
#   BENCH_CLIENTS=32          concurrent clients (= accounts; users link 10 each)
#   BENCH_DURATION_S=15       per measurement (the outcomes stop earlier when every payment has one)
#   BENCH_SKIP_BUILD=1        use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_SMOKE=1             tiny counts (2 clients, 1 s each): checks the bench works
# Exit code: 0 when every call answered as expected and every balance matched, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init payments
bench_build
# In memory, as in import.sh; the app and the raw writer share this one Azurite.
bench_services memory
bench_operator
# The bench signs the replayed notices itself: a secret of this run, not the development one.
webhook_secret="bench-webhook-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
bench_setting Payments__Sandbox__WebhookSecrets "$webhook_secret"
bench_start_localhost "bench-payments$(date +%s)"

clients=${BENCH_CLIENTS:-$(bench_pick 32 2)}; duration=${BENCH_DURATION_S:-$(bench_pick 15 1)}; warmup=$(bench_pick 2 0)
drain=$(bench_pick 300 60)
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores; $clients clients, $duration s each"
node bench/payments.mjs --base "$BENCH_BASE" --storage "$STORAGE_CONNECTION_STRING" --login "$BENCH_OPERATOR_LOGIN" \
  --password "$BENCH_OPERATOR_PASSWORD" --secret "$webhook_secret" --clients "$clients" --duration "$duration" --warmup "$warmup" \
  --drain "$drain" --pids "$(bench_pids)" \
  || bench_fail "a payment call failed or a balance did not match"
