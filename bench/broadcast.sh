#!/usr/bin/env bash
# A broadcast to everyone: the app (Release build) behind Kabinet.LocalHost, on its own Azurite (in memory) and MailDev.
# bench/broadcast.mjs writes BENCH_USERS users straight into the users table (e-mail confirmed, e-mail notices on),
# POSTs /api/operator/notifications {audience: {all: true}}, and measures the seconds until every in-app notice is
# written (the broadcast's deliveredInApp) and until every e-mail is in MailDev, e-mails per second, and the raw
# batch-insert rate of the same Azurite (BENCH_USERS entities in 100-entity transactions into a scratch table).
#
# Settings (environment):
#   BENCH_USERS=10000        users (everyone but the operator gets the broadcast)
#   BENCH_TIMEOUT_S=1800     give up waiting for notices or e-mails after this long
#   BENCH_SKIP_EMAIL=1       measure the in-app notices only
#   BENCH_SKIP_BUILD=1       use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_SMOKE=1            tiny counts (30 users): checks the bench works
# Exit code: 0 when every user got the notice and every e-mail arrived, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init broadcast
bench_build
# In memory, as in import.sh: the app and the raw writer share this one Azurite.
bench_services memory
bench_operator
bench_start_localhost "bench-broadcast$(date +%s)"

users=${BENCH_USERS:-$(bench_pick 10000 30)}; timeout_s=${BENCH_TIMEOUT_S:-$(bench_pick 1800 90)}
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores; a broadcast to $users users"
node bench/broadcast.mjs --base "$BENCH_BASE" --storage "$STORAGE_CONNECTION_STRING" --login "$BENCH_OPERATOR_LOGIN" \
  --password "$BENCH_OPERATOR_PASSWORD" --maildev "http://127.0.0.1:$BENCH_MAILDEV_WEB_PORT" --users "$users" --timeout "$timeout_s" \
  ${BENCH_SKIP_EMAIL:+--skip-email} || bench_fail "the broadcast did not reach everyone"
