# Sourced by the bench scripts: the start-up they share. A script calls, in order,
#   bench_init <name>               repo root, scripts/dev-services.sh, a temp work dir ($BENCH_WORK), cleanup on exit
#   bench_build                     Release build of functions/Kabinet and Kabinet.LocalHost (BENCH_SKIP_BUILD=1: reuse it;
#                                   BENCH_CONFIGURATION=Debug: the Debug build, e.g. test.sh's, for a smoke run)
#   bench_services [memory]         Azurite (on disk, or in memory) and MailDev on free ports
#   bench_setting Key Value         an app setting on top of the defaults (storage, SMTP, a random signing key,
#                                   log level Warning); the operator's login and password with bench_operator
#   bench_start_localhost <hostId>  the app behind LocalHost with those settings; waits for 200 on /api/health
# and bench_fail <message> to stop with the app's last log lines; bench_pids names the processes whose CPU a bench
# can count (app=<pid>,localhost=<pid>,azurite=<pid>, read from /proc/<pid>/stat).
# BENCH_SMOKE=1 runs a bench with tiny counts, in seconds (CI runs every bench that way): bench_pick <full> <smoke>.
# Sets: BENCH_NAME, BENCH_WORK, BENCH_CONFIGURATION, BENCH_APP_ROOT, BENCH_LOCALHOST_DLL, BENCH_SMTP_PORT, BENCH_MAILDEV_WEB_PORT, STORAGE_CONNECTION_STRING,
# BENCH_BASE, BENCH_LOG, BENCH_OPERATOR_LOGIN, BENCH_OPERATOR_PASSWORD.

bench_init() {
  BENCH_NAME=$1
  cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
  . scripts/dev-services.sh
  ensure_npm_packages || exit 1
  BENCH_WORK=$(mktemp -d)
  BENCH_LOG="$BENCH_WORK/localhost.log"
  BENCH_CONFIGURATION=${BENCH_CONFIGURATION:-Release}
  BENCH_APP_ROOT=functions/Kabinet/bin/$BENCH_CONFIGURATION/net10.0
  BENCH_LOCALHOST_DLL=functions/Kabinet.LocalHost/bin/$BENCH_CONFIGURATION/net10.0/Kabinet.LocalHost.dll
  BENCH_SETTING_KEYS=(); BENCH_SETTING_VALUES=()
  _bench_host_pid=""
  trap _bench_cleanup EXIT
}

_bench_cleanup() {
  [ -n "$_bench_host_pid" ] && _bench_stop "$_bench_host_pid"
  # Not stop_dev_services: Azurite takes from 10 s to over a minute to close gracefully, and its data is thrown away.
  [ -n "${DEV_SERVICE_PIDS:-}" ] && _bench_stop $DEV_SERVICE_PIDS
  rm -rf "$BENCH_WORK"
}

_bench_stop() { # pids: SIGTERM, SIGKILL after 5 s
  local _
  kill "$@" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$@" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$@" 2>/dev/null
  wait "$@" 2>/dev/null
}

bench_smoke() { [ -n "${BENCH_SMOKE:-}" ] && [ "${BENCH_SMOKE}" != 0 ]; }

bench_pick() { # full smoke
  if bench_smoke; then echo "$2"; else echo "$1"; fi
}

bench_fail() {
  [ -s "$BENCH_LOG" ] && { echo "--- app log (last 30 lines) ---" >&2; tail -30 "$BENCH_LOG" >&2; }
  echo "$BENCH_NAME bench: $*" >&2
  exit 1
}

bench_build() {
  if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ "${BENCH_SKIP_BUILD}" = 0 ]; then
    echo "Building functions/Kabinet and functions/Kabinet.LocalHost ($BENCH_CONFIGURATION)..."
    for project in functions/Kabinet functions/Kabinet.LocalHost; do
      dotnet build "$project" -c "$BENCH_CONFIGURATION" -nologo -v quiet >"$BENCH_WORK/build.log" 2>&1 || {
        cat "$BENCH_WORK/build.log" >&2; bench_fail "build of $project failed"; }
    done
  fi
  [ -x "$BENCH_APP_ROOT/Kabinet" ] && [ -f "$BENCH_LOCALHOST_DLL" ] || bench_fail "no $BENCH_CONFIGURATION build in $BENCH_APP_ROOT / $BENCH_LOCALHOST_DLL"
}

# Azurite in memory when asked: with disk persistence its table store re-saves the whole database as it grows,
# and a bench that writes many rows would measure that instead of the app.
bench_services() { # [memory]
  local blob queue table web
  blob=$(free_port); queue=$(free_port); table=$(free_port); BENCH_SMTP_PORT=$(free_port); web=$(free_port); BENCH_MAILDEV_WEB_PORT=$web
  if [ "${1:-}" = memory ]; then
    node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --inMemoryPersistence \
      --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
      --tableHost 127.0.0.1 --tablePort "$table" >>"$BENCH_WORK/services.log" 2>&1 &
    DEV_SERVICE_PIDS="$!"
    node_modules/.bin/maildev --ip 127.0.0.1 --smtp "$BENCH_SMTP_PORT" --web "$web" --silent >>"$BENCH_WORK/services.log" 2>&1 &
    DEV_SERVICE_PIDS="$DEV_SERVICE_PIDS $!"
    wait_port "$blob" Azurite && wait_port "$queue" Azurite && wait_port "$table" Azurite && wait_port "$BENCH_SMTP_PORT" MailDev || {
      cat "$BENCH_WORK/services.log" >&2; bench_fail "the dev services did not start"; }
    STORAGE_CONNECTION_STRING=$(storage_connection_string "$blob" "$queue" "$table")
  else
    start_dev_services "$blob" "$queue" "$table" "$BENCH_SMTP_PORT" "$web" "$BENCH_WORK/azurite" "$BENCH_WORK/services.log" || {
      cat "$BENCH_WORK/services.log" >&2; bench_fail "the dev services did not start"; }
  fi
  bench_setting AzureWebJobsStorage "$STORAGE_CONNECTION_STRING"
  bench_setting Smtp__Host 127.0.0.1
  bench_setting Smtp__Port "$BENCH_SMTP_PORT"
  bench_setting Smtp__Security None
  bench_setting Smtp__From bench@kabinet.local
  bench_setting Auth__SigningKey "bench-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  bench_setting Logging__LogLevel__Default Warning
}

bench_setting() { # key value: set, or replace
  local i
  for i in "${!BENCH_SETTING_KEYS[@]}"; do
    [ "${BENCH_SETTING_KEYS[$i]}" = "$1" ] && { BENCH_SETTING_VALUES[$i]=$2; return; }
  done
  BENCH_SETTING_KEYS+=("$1"); BENCH_SETTING_VALUES+=("$2")
}

bench_operator() {
  BENCH_OPERATOR_LOGIN=bench-operator@example.com BENCH_OPERATOR_PASSWORD=BenchOper4tor
  bench_setting Auth__OperatorLogin "$BENCH_OPERATOR_LOGIN"
  bench_setting Auth__OperatorPassword "$BENCH_OPERATOR_PASSWORD"
}

# The settings as environment variables, for a handler started without LocalHost (cold-start.sh).
bench_export_settings() {
  local i
  for i in "${!BENCH_SETTING_KEYS[@]}"; do export "${BENCH_SETTING_KEYS[$i]}=${BENCH_SETTING_VALUES[$i]}"; done
}

_bench_write_settings() { # file; the values hold no quotes or backslashes
  local i
  { printf '{ "IsEncrypted": false, "Values": {\n  "FUNCTIONS_WORKER_RUNTIME": "custom"'
    for i in "${!BENCH_SETTING_KEYS[@]}"; do printf ',\n  "%s": "%s"' "${BENCH_SETTING_KEYS[$i]}" "${BENCH_SETTING_VALUES[$i]}"; done
    printf '\n} }\n'; } >"$1"
}

bench_pids() {
  local app azurite
  app=$(pgrep -P "$_bench_host_pid" | head -1)
  azurite=${DEV_SERVICE_PIDS%% *}
  echo "app=${app:-0},localhost=${_bench_host_pid:-0},azurite=${azurite:-0}"
}

bench_start_localhost() { # hostId
  local port i
  port=$(free_port)
  _bench_write_settings "$BENCH_WORK/local.settings.json"
  dotnet "$BENCH_LOCALHOST_DLL" --app-root "$BENCH_APP_ROOT" --settings "$BENCH_WORK/local.settings.json" --port "$port" \
    --host-id "$1" >"$BENCH_LOG" 2>&1 &
  _bench_host_pid=$!
  BENCH_BASE="http://127.0.0.1:$port"
  for i in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BENCH_BASE/api/health" 2>/dev/null)" = 200 ] && return 0
    kill -0 "$_bench_host_pid" 2>/dev/null || bench_fail "LocalHost exited"
    sleep 0.2
  done
  bench_fail "no 200 on $BENCH_BASE/api/health"
}
