#!/usr/bin/env bash
# Runs Kabinet locally in the foreground: Azurite (ports 10000-10002), MailDev (SMTP 1025,
# web UI and REST API on 1080) and the app behind Kabinet.LocalHost on http://localhost:7071.
# Ctrl+C stops everything it started. Storage data lives in .azurite/ between runs.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/dev-services.sh
ensure_npm_packages
[ -f local.settings.json ] || cp local.settings.sample.json local.settings.json

echo "Building..."
dotnet build functions/Kabinet.LocalHost -nologo -v quiet -clp:ErrorsOnly
dotnet build functions/Kabinet -nologo -v quiet -clp:ErrorsOnly

for port in 7071 10000 10001 10002 1025 1080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (is ./run.sh already running?)." >&2
    exit 1
  fi
done

trap 'stop_dev_services' EXIT
trap 'exit 130' INT TERM
start_dev_services 10000 10001 10002 1025 1080 .azurite .azurite/services.log
echo "Azurite on 10000-10002, MailDev on http://localhost:1080 (SMTP 1025)."
echo "Kabinet on http://localhost:7071/api (docs: http://localhost:7071/api/docs). Ctrl+C stops."
dotnet functions/Kabinet.LocalHost/bin/Debug/net10.0/Kabinet.LocalHost.dll \
  --app-root functions/Kabinet/bin/Debug/net10.0 --settings local.settings.json --port 7071
