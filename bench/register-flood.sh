#!/usr/bin/env bash
# Registration flood: GET /api/health latency (p50, p99) alone and while 30 clients POST /api/auth/register
# back to back, end to end through Kabinet.LocalHost (the Functions host stand-in) on Azurite. Every
# request comes from an address of its own and for a new phone, so only the password-hash gate
# (Auth:PasswordHashConcurrency, one per core by default) limits them; beyond it they get 503 service.busy.
# Builds functions/Kabinet and functions/Kabinet.LocalHost (Release), starts Azurite and MailDev on free
# ports, starts LocalHost (bench/lib.sh), then runs bench/register-flood.mjs.
#
# Settings (environment):
#   BENCH_CLIENTS=30          registering clients
#   BENCH_DURATION_S=20       the flood
#   BENCH_BASELINE_S=5        health alone first
#   BENCH_SMOKE=1             a smoke run: 4 clients, a 3 s flood after 2 s of health alone
#   BENCH_HASH_CONCURRENCY=0  Auth:PasswordHashConcurrency (0: one per core)
#   BENCH_SKIP_BUILD=1        use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
# LocalHost appends 127.0.0.1 to X-Forwarded-For (as the Functions front end appends the caller), so here every
# request comes from one address: the per-address send limit is lifted for the run to let the flood reach the hashes.
# Exit code: 0 when health always answered 200 and no registration answered 500, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init register-flood
bench_build
bench_services
bench_setting Auth__ClientSendsPerHour 0
bench_setting Auth__PasswordHashConcurrency "${BENCH_HASH_CONCURRENCY:-0}"
bench_start_localhost "bench$(date +%s)"

clients=${BENCH_CLIENTS:-$(bench_pick 30 4)}; duration=${BENCH_DURATION_S:-$(bench_pick 20 3)}; baseline=${BENCH_BASELINE_S:-$(bench_pick 5 2)}
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores; $clients clients"
node bench/register-flood.mjs --base "$BENCH_BASE" --clients "$clients" --duration "$duration" --baseline "$baseline" \
  || bench_fail "health failed or a registration answered 500"
