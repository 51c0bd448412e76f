#!/usr/bin/env bash
# Generates the demo data for a load date (demo/generate.mjs) and loads it through the operator import API,
# as an operator would. Re-running with the same date changes nothing: imports are idempotent by natural key.
# The date: DEMO_DATE (yyyy-MM-dd) if set, else the one kept in DEMO_DATE_FILE (run.sh: .azurite/demo-date,
# so data kept in .azurite keeps its dates; delete .azurite for fresh ones), else today in the provider's zone.
# Usage: scripts/seed-demo.sh [base URL] [operator login] [operator password]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://localhost:7071}
login=${2:-operator@kabinet.local}
password=${3:-Operator2026}

date=${DEMO_DATE:-}
[ -z "$date" ] && [ -n "${DEMO_DATE_FILE:-}" ] && [ -s "$DEMO_DATE_FILE" ] && date=$(cat "$DEMO_DATE_FILE")
[ -n "$date" ] || date=$(node -p 'new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Omsk" }).format(new Date())')
# Kept before the load, so a load that fails is retried with the same dates.
[ -n "${DEMO_DATE_FILE:-}" ] && [ ! -s "$DEMO_DATE_FILE" ] && echo "$date" >"$DEMO_DATE_FILE"
bundle=$(mktemp)
trap 'rm -f "$bundle"' EXIT
node demo/generate.mjs --date "$date" --out "$bundle" >/dev/null

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o?.[k],v)??"")})' "$1"; }

token=$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$login\",\"password\":\"$password\"}" | json accessToken) || { echo "seed: operator sign-in failed" >&2; exit 1; }
import=$(curl -sf -X POST "$base/api/operator/imports" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @"$bundle" | json importId) || { echo "seed: import request failed" >&2; exit 1; }

for _ in $(seq 1 240); do
  state=$(curl -sf "$base/api/operator/imports/$import" -H "Authorization: Bearer $token")
  status=$(echo "$state" | json status)
  case "$status" in
    done) echo "Demo data for $date loaded: $(echo "$state" | json accepted) rows accepted, $(echo "$state" | json rejected) rejected (import $import)."; exit 0 ;;
    failed) echo "seed: import $import failed: $state" >&2; exit 1 ;;
  esac
  sleep 0.5
done
echo "seed: import $import did not finish in 2 minutes" >&2
exit 1
