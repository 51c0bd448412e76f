#!/usr/bin/env bash
# A provider's billing close: the app (Release build) behind Kabinet.LocalHost, on its own Azurite (in memory) and MailDev.
# bench/close.mjs writes a provider and BENCH_ACCOUNTS accounts (meter, two readings, some opening debts) straight into
# the tables, POSTs /api/operator/billing/runs {providerId, period: "2026-11"} and polls the run until it is done:
# accounts per second; then the bill PDFs (RenderBillPdfs on the bill-pdfs queue, blobs bills/{account}/2026-11.pdf):
# PDFs per second; then the raw batch-insert rate of the same Azurite (as many entities in 100-entity transactions), the
# ratio, and what the figures mean for a million accounts on one instance and on ten.
#
# Settings (environment):
#   BENCH_ACCOUNTS=20000     accounts to close
#   BENCH_TIMEOUT_S=3600     give up waiting for the run or the PDFs after this long
#   BENCH_SKIP_BUILD=1       use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_SMOKE=1            tiny counts (30 accounts): checks the bench works
# Exit code: 0 when every account closed (none failed or parked) and, when the build has RenderBillPdfs, has its PDF; 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init close
bench_build
# In memory, as in import.sh: the app and the raw writer share this one Azurite.
bench_services memory
bench_operator
bench_start_localhost "bench-close$(date +%s)"

accounts=${BENCH_ACCOUNTS:-$(bench_pick 20000 30)}; timeout_s=${BENCH_TIMEOUT_S:-$(bench_pick 3600 90)}
pdfs=""
[ -f "$BENCH_APP_ROOT/RenderBillPdfs/function.json" ] && pdfs=--pdfs
echo "Kabinet ($BENCH_CONFIGURATION) behind LocalHost at $BENCH_BASE; $(nproc) cores; a billing close of $accounts accounts${pdfs:+ with their PDFs}"
node bench/close.mjs --base "$BENCH_BASE" --storage "$STORAGE_CONNECTION_STRING" --login "$BENCH_OPERATOR_LOGIN" \
  --password "$BENCH_OPERATOR_PASSWORD" --accounts "$accounts" --timeout "$timeout_s" $pdfs || bench_fail "the close did not bill every account"
