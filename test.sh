#!/usr/bin/env bash
# Runs every test against its own Azurite and MailDev on free ports (works while ./run.sh runs).
# Ends with one line: tests: N passed, M failed
set -uo pipefail
cd "$(dirname "$0")"
. scripts/dev-services.sh
ensure_npm_packages || exit 1

work=$(mktemp -d)
trap 'stop_dev_services; rm -rf "$work"' EXIT
start_dev_services "$(free_port)" "$(free_port)" "$(free_port)" "${SMTP:=$(free_port)}" "${WEB:=$(free_port)}" "$work/azurite" "$work/services.log" || exit 1

export KABINET_TEST_STORAGE="$STORAGE_CONNECTION_STRING"
export KABINET_TEST_SMTP_PORT="$SMTP"
export KABINET_TEST_MAILDEV_URL="http://127.0.0.1:$WEB"

dotnet build Functions.sln -c Debug -nologo -v quiet 2>&1 | grep -E "error|Build succeeded" | grep -v "0 Error" || true
dotnet test --solution Functions.sln --no-build --results-directory "$work/results" --report-trx "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$work"/results/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# The README's curl flow against a started system (scripts/check-readme.sh), one check more:
# on a full run, or with README_CHECK=1; README_CHECK=0 skips it.
if [ "${README_CHECK:-}" = 1 ] || { [ -z "${README_CHECK:-}" ] && [ $# -eq 0 ]; }; then
  if README_CHECK_SKIP_BUILD=1 scripts/check-readme.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
fi
echo "tests: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
