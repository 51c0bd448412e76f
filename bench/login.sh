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
#   BENCH_SKIP_BUILD=1        use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_SMOKE=1             tiny counts (2 users, 5 sign-ins, 1 s at 2 clients): checks the bench works
# Exit code: 0 when every sign-in succeeded, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init login
bench_build
bench_services
bench_start_localhost "bench$(date +%s)"

users=${BENCH_USERS:-$(bench_pick 20 2)}; seq=${BENCH_SEQUENTIAL:-$(bench_pick 200 5)}; warmup=$(bench_pick 10 1)
duration=${BENCH_DURATION_S:-$(bench_pick 15 1)}; clients=${BENCH_CLIENTS:-$(bench_pick 8,32 2)}
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores"
node bench/login.mjs --base "$BENCH_BASE" --users "$users" --seq "$seq" --warmup "$warmup" --duration "$duration" --clients "$clients" \
  || bench_fail "a sign-in failed"
