#!/usr/bin/env bash
# Checks that ./run.sh stops cleanly: starts it in its own session, waits until it is up,
# then stops it (1) with SIGINT to its process group, as Ctrl+C in a terminal does, and
# (2) with `kill -TERM <run.sh pid>`. Each stop must end every process run.sh started in
# under STOP_LIMIT_MS (default 3000), stop the LocalHost before Azurite and MailDev and
# print no stack traces. Uses the fixed ports of run.sh, so it is not part of test.sh.
# Usage: scripts/check-run-stop.sh [INT|TERM ...]   (default: INT TERM)
set -uo pipefail
cd "$(dirname "$0")/.."
limit_ms=${STOP_LIMIT_MS:-3000}
modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(INT TERM)
work=$(mktemp -d)
sid=
services=
cleanup() { # run.sh starts Azurite and MailDev in their own session: they are killed by pid
  [ -n "$sid" ] && pkill -KILL -s "$sid" 2>/dev/null
  [ -n "$services" ] && kill -KILL $services 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
failed=0
fail() { echo "FAIL ($mode): $*"; failed=1; }

for mode in "${modes[@]}"; do
  for port in 7071 10000 10001 10002 1025 1080; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "Port $port is in use; stop what uses it first." >&2; exit 2; fi
  done
  log="$work/run-$mode.log"
  # A background job of a script starts with SIGINT ignored, and bash cannot trap a signal ignored on entry;
  # in a terminal run.sh is the foreground job, so give it SIGINT back.
  setsid env --default-signal=INT ./run.sh >"$log" 2>&1 </dev/null &
  pid=$!
  sid=$pid
  up=
  for _ in $(seq 1 900); do
    grep -q "Ctrl+C stops" "$log" && { up=1; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$up" ] || [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:7071/api/health)" != 200 ]; then
    echo "run.sh did not come up:"; tail -30 "$log"; exit 1
  fi
  host=$(pgrep -s "$sid" -f Kabinet.LocalHost.dll | head -1)
  azurite=$(pgrep -P "$pid" -f 'azurite' | head -1)
  maildev=$(pgrep -P "$pid" -f 'maildev' | head -1)
  [ -n "$host" ] && [ -n "$azurite" ] && [ -n "$maildev" ] || { echo "Could not find the LocalHost, Azurite and MailDev processes"; pgrep -as "$sid"; pgrep -aP "$pid"; exit 1; }
  services="$azurite $maildev"

  start=$(now_ms)
  if [ "$mode" = INT ]; then kill -INT -- "-$pid"; else kill -TERM "$pid"; fi
  declare -A gone=()
  while :; do
    t=$(( $(now_ms) - start ))
    for name in host azurite maildev; do
      [ -z "${gone[$name]:-}" ] && ! kill -0 "${!name}" 2>/dev/null && gone[$name]=$t
    done
    pgrep -s "$sid" >/dev/null || kill -0 $services 2>/dev/null || break
    [ "$t" -gt 30000 ] && { fail "still running after 30 s:"; pgrep -as "$sid"; ps -o pid,args -p "${services// /,}"; pkill -KILL -s "$sid"; break; }
    sleep 0.02
  done
  wait "$pid" 2>/dev/null
  total=$(( $(now_ms) - start ))
  kill -KILL $services 2>/dev/null
  sid= services=
  echo "$mode: everything stopped in ${total} ms (LocalHost ${gone[host]:-?} ms, Azurite ${gone[azurite]:-?} ms, MailDev ${gone[maildev]:-?} ms)"
  [ "$total" -lt "$limit_ms" ] || fail "took ${total} ms, limit ${limit_ms} ms"
  [ "${gone[host]:-0}" -le "${gone[azurite]:-0}" ] && [ "${gone[host]:-0}" -le "${gone[maildev]:-0}" ] ||
    fail "Azurite or MailDev stopped before the LocalHost"
  if grep -nE "Exception|^\s+at " "$log"; then fail "stack trace or exception in the output (lines above)"; fi
  echo "--- last lines of run.sh output ($mode) ---"; tail -8 "$log"
  unset gone
done
[ "$failed" = 0 ] && echo "OK: run.sh stops cleanly on ${modes[*]}"
exit "$failed"
