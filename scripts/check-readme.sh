#!/usr/bin/env bash
# Runs the README's curl flow against a fresh system: the ```bash blocks right after a
# "<!-- readme-flow" comment, in order, in one shell with `set -euo pipefail` and curl failing on
# 4xx/5xx (-fsS). Starts Azurite, MailDev and the app behind LocalHost on free ports (so it runs beside
# ./run.sh and ./test.sh), loads the demo data as run.sh does, then stops everything.
# Uses the Debug build (README_CHECK_SKIP_BUILD=1: as built, e.g. by test.sh). Exit 0 = the README works.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/dev-services.sh
ensure_npm_packages || exit 1
work=$(mktemp -d)
host_pid=
cleanup() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; fi
  stop_dev_services
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "README flow: FAIL: $*" >&2; [ -f "$work/host.log" ] && tail -20 "$work/host.log" >&2; exit 1; }

if [ -z "${README_CHECK_SKIP_BUILD:-}" ]; then
  for project in functions/Kabinet.LocalHost functions/Kabinet; do
    dotnet build "$project" -nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build"; }
  done
fi
smtp=$(free_port); web=$(free_port); port=$(free_port)
start_dev_services "$(free_port)" "$(free_port)" "$(free_port)" "$smtp" "$web" "$work/azurite" "$work/services.log" || fail "dev services"

STORAGE="$STORAGE_CONNECTION_STRING" SMTP="$smtp" node -e '
  const fs = require("fs"), s = JSON.parse(fs.readFileSync("local.settings.sample.json"));
  Object.assign(s.Values, { AzureWebJobsStorage: process.env.STORAGE, Smtp__Port: process.env.SMTP, Auth__PasswordIterations: "1000" });
  fs.writeFileSync(process.argv[1], JSON.stringify(s));' "$work/local.settings.json"
dotnet functions/Kabinet.LocalHost/bin/Debug/net10.0/Kabinet.LocalHost.dll --app-root functions/Kabinet/bin/Debug/net10.0 \
  --settings "$work/local.settings.json" --port "$port" --host-id readme-check >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/api/health" && break
  kill -0 "$host_pid" 2>/dev/null || fail "LocalHost exited"
  sleep 0.2
done
scripts/seed-demo.sh "http://127.0.0.1:$port" operator@kabinet.local Operator2026 >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; fail "demo data"; }

# The marked blocks, dedented, with the fixed ports of run.sh replaced by this system's.
node -e '
  const lines = require("fs").readFileSync("README.md", "utf8").split("\n");
  const out = []; let n = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim().startsWith("<!-- readme-flow")) continue;
    const open = lines[i + 1] ?? "", indent = open.length - open.trimStart().length;
    if (open.trim() !== "```bash") { console.error(`README.md:${i + 2}: a readme-flow marker must be followed by a \`\`\`bash block`); process.exit(1); }
    out.push(`echo "--- README.md:${i + 2}"`);
    for (i += 2; i < lines.length && lines[i].trim() !== "```"; i++) out.push(lines[i].slice(indent));
    n++;
  }
  if (!n) { console.error("README.md has no readme-flow blocks"); process.exit(1); }
  console.log(out.join("\n").replaceAll("localhost:7071", "127.0.0.1:" + process.argv[1]).replaceAll("localhost:1080", "127.0.0.1:" + process.argv[2]));
' "$port" "$web" >"$work/flow.sh" || fail "could not read the flow"
{ echo 'set -euo pipefail'; echo 'curl() { command curl -fsS "$@"; echo; }'; cat "$work/flow.sh"
  # Beyond the README: the demo's near-rollover meter takes a reading just past its capacity.
  echo 'R=$(curl -s -X POST 127.0.0.1:'"$port"'/api/accounts -H "Authorization: Bearer $ACCESS" -H "Content-Type: application/json" -d '"'"'{"providerId":"demo-energo","number":"5500100007","verification":{"method":"meterSerial","serial":"E10055433"}}'"'"' | json id)'
  echo 'curl -s -X POST 127.0.0.1:'"$port"'/api/accounts/$R/meters/E10055433/readings -H "Authorization: Bearer $ACCESS" -H "Content-Type: application/json" -d '"'"'{"values":{"T1":"00150"}}'"'"''
} >"$work/run.sh"
timeout 60 bash "$work/run.sh" >"$work/flow.log" 2>&1 || { cat "$work/flow.log" >&2; fail "a command failed (output above)"; }
[ -n "${README_CHECK_VERBOSE:-}" ] && cat "$work/flow.log"
echo "README flow: OK ($(grep -c "^--- README.md" "$work/flow.log") blocks; $(tail -1 "$work/seed.log"))"
