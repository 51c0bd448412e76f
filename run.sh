#!/usr/bin/env bash
# Runs Kabinet locally in the foreground: Azurite (ports 10000-10002), MailDev (SMTP 1025,
# web UI and REST API on 1080) and the app behind Kabinet.LocalHost on http://localhost:7071,
# with the demo data loaded. Ctrl+C stops everything it started. Storage lives in .azurite/.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/dev-services.sh
ensure_npm_packages
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json
# Settings added to the sample since local.settings.json was made are copied over; yours are kept.
node -e '
  const fs = require("fs");
  const mine = JSON.parse(fs.readFileSync("local.settings.json")), sample = JSON.parse(fs.readFileSync("local.settings.sample.json"));
  const added = Object.keys(sample.Values).filter(k => !(k in (mine.Values ??= {})));
  for (const k of added) mine.Values[k] = sample.Values[k];
  if (added.length) { fs.writeFileSync("local.settings.json", JSON.stringify(mine, null, 2) + "\n"); console.log("local.settings.json: added " + added.join(", ")); }'

for port in 7071 10000 10001 10002 1025 1080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (is ./run.sh already running?)." >&2
    exit 1
  fi
done

echo "Building..."
mkdir -p .azurite
for project in functions/Kabinet.LocalHost functions/Kabinet; do
  dotnet build "$project" -nologo -v quiet -clp:ErrorsOnly >.azurite/build.log 2>&1 || { cat .azurite/build.log >&2; exit 1; }
done

# Storage from before the demo data moved with the load day holds fixed-date demo data: loading today's on top would mix them.
seed=1
if [ -f .azurite/__azurite_db_table__.json ] && [ ! -f .azurite/demo-date ]; then
  seed=; echo "Demo data: .azurite holds data from an older run.sh; delete .azurite for demo data dated from today."
fi

host_pid=
stop_all() { # the host and its listeners first, then Azurite and MailDev
  trap '' INT TERM
  set +e
  if [ -n "$host_pid" ]; then
    kill -TERM "$host_pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$host_pid" 2>/dev/null
    wait "$host_pid" 2>/dev/null
  fi
  stop_dev_services
  echo "Stopped."
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Own process group: a Ctrl+C reaches only run.sh and the host, which stop them in order.
DEV_SERVICES_OWN_GROUP=1
start_dev_services 10000 10001 10002 1025 1080 .azurite .azurite/services.log
echo "Azurite on 10000-10002, MailDev on http://localhost:1080 (SMTP 1025)."

dotnet functions/Kabinet.LocalHost/bin/Debug/net10.0/Kabinet.LocalHost.dll \
  --app-root functions/Kabinet/bin/Debug/net10.0 --settings local.settings.json --port 7071 &
host_pid=$!
for _ in $(seq 1 150); do
  curl -sf -o /dev/null http://localhost:7071/api/health && break
  kill -0 "$host_pid" 2>/dev/null || exit 1
  sleep 0.2
done
operator_login=$(node -e 'const v=require("./local.settings.json").Values;console.log(v.Auth__OperatorLogin||"")')
operator_password=$(node -e 'const v=require("./local.settings.json").Values;console.log(v.Auth__OperatorPassword||"")')
[ -z "$seed" ] || DEMO_DATE_FILE=.azurite/demo-date scripts/seed-demo.sh http://localhost:7071 "$operator_login" "$operator_password" || echo "Demo data was not loaded (see above); the app runs anyway."
echo "Kabinet on http://localhost:7071/api (docs: http://localhost:7071/api/docs). Ctrl+C stops."
# wait returns when a trapped signal arrives; loop while the host lives.
while kill -0 "$host_pid" 2>/dev/null; do wait "$host_pid" || true; done
