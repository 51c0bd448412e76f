# Sourced by run.sh, test.sh and bench scripts: starts Azurite and MailDev from node_modules.
# Usage: start_dev_services <blobPort> <queuePort> <tablePort> <smtpPort> <webPort> <dataDir>
# Sets DEV_SERVICE_PIDS and STORAGE_CONNECTION_STRING.

ensure_npm_packages() {
  if [ ! -x node_modules/.bin/azurite ] || [ ! -x node_modules/.bin/maildev ]; then
    echo "Installing Azurite and MailDev from npm (first run only)..."
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_port() { # port, name
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$2 did not open port $1" >&2
  return 1
}

storage_connection_string() { # blob queue table
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$2/devstoreaccount1;TableEndpoint=http://127.0.0.1:$3/devstoreaccount1;"
}

start_dev_services() {
  local blob=$1 queue=$2 table=$3 smtp=$4 web=$5 data=$6 log=${7:-/dev/null}
  mkdir -p "$data"
  local group=; [ -n "${DEV_SERVICES_OWN_GROUP:-}" ] && group=setsid
  $group node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --loose --location "$data" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >>"$log" 2>&1 &
  DEV_SERVICE_PIDS="$!"
  $group node_modules/.bin/maildev --ip 127.0.0.1 --smtp "$smtp" --web "$web" --silent >>"$log" 2>&1 &
  DEV_SERVICE_PIDS="$DEV_SERVICE_PIDS $!"
  wait_port "$blob" Azurite && wait_port "$queue" Azurite && wait_port "$table" Azurite && wait_port "$smtp" MailDev && wait_port "$web" MailDev
  STORAGE_CONNECTION_STRING=$(storage_connection_string "$blob" "$queue" "$table")
}

stop_dev_services() { # SIGTERM; after DEV_SERVICES_STOP_WAIT (default 1.5 s) SIGKILL, as a last resort
  [ -n "${DEV_SERVICE_PIDS:-}" ] || return 0
  local _ tries
  tries=$(awk "BEGIN{print int(${DEV_SERVICES_STOP_WAIT:-1.5}*20)}")
  kill $DEV_SERVICE_PIDS 2>/dev/null || true
  for _ in $(seq 1 "$tries"); do kill -0 $DEV_SERVICE_PIDS 2>/dev/null || break; sleep 0.05; done
  kill -KILL $DEV_SERVICE_PIDS 2>/dev/null || true
  wait $DEV_SERVICE_PIDS 2>/dev/null || true
}
