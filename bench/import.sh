#!/usr/bin/env bash
# Import throughput: the app (Release build) behind Kabinet.LocalHost, on its own Azurite and MailDev.
# bench/import.mjs generates BENCH_ACCOUNTS accounts (and as many meters), uploads the CSVs to the `imports`
# container, imports them by blob reference, prints rows per second and verifies the counts.
#
# Settings (environment):
#   BENCH_ACCOUNTS=100000    accounts (and meters) to import
#   BENCH_METERS=1           also import one meter per account (0 = accounts only)
#   BENCH_CHUNK_ROWS=2000    Imports__ChunkRows of the app
#   BENCH_SKIP_BUILD=1       use the existing build outputs
#   BENCH_CONFIGURATION=Release the build to use (Debug: test.sh's, for a smoke run)
#   BENCH_SMOKE=1            tiny counts (50 accounts in chunks of 20 rows): checks the bench works
# Exit code: 0 when every import finished with every row accepted and the index counts match, 1 otherwise.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
bench_init import
bench_build
bench_services memory
bench_operator
accounts=${BENCH_ACCOUNTS:-$(bench_pick 100000 50)}; chunk_rows=${BENCH_CHUNK_ROWS:-$(bench_pick 2000 20)}
bench_setting Imports__ChunkRows "$chunk_rows"
bench_start_localhost bench-import

echo "App behind LocalHost on $BENCH_BASE; $(nproc) cores; $accounts accounts, chunks of $chunk_rows rows"
node bench/import.mjs "$BENCH_BASE" "$STORAGE_CONNECTION_STRING" "$BENCH_OPERATOR_LOGIN" "$BENCH_OPERATOR_PASSWORD" "$accounts" "${BENCH_METERS:-1}" \
  || bench_fail "an import did not finish with every row accepted"
