#!/usr/bin/env bash
# Loads demo/demo-data.json through the operator import API, as an operator would.
# Re-running changes nothing: imports are idempotent by natural key.
# Usage: scripts/seed-demo.sh [base URL] [operator login] [operator password]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-http://localhost:7071}
login=${2:-operator@kabinet.local}
password=${3:-Operator2026}

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(process.argv[1].split(".").reduce((o,k)=>o?.[k],v)??"")})' "$1"; }

token=$(curl -sf -X POST "$base/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$login\",\"password\":\"$password\"}" | json accessToken) || { echo "seed: operator sign-in failed" >&2; exit 1; }
import=$(curl -sf -X POST "$base/api/operator/imports" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @demo/demo-data.json | json importId) || { echo "seed: import request failed" >&2; exit 1; }

for _ in $(seq 1 240); do
  state=$(curl -sf "$base/api/operator/imports/$import" -H "Authorization: Bearer $token")
  status=$(echo "$state" | json status)
  case "$status" in
    done) echo "Demo data loaded: $(echo "$state" | json accepted) rows accepted, $(echo "$state" | json rejected) rejected (import $import)."; exit 0 ;;
    failed) echo "seed: import $import failed: $state" >&2; exit 1 ;;
  esac
  sleep 0.5
done
echo "seed: import $import did not finish in 2 minutes" >&2
exit 1
