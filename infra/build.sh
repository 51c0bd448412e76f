#!/usr/bin/env bash
# Compiles and lints every Bicep file of the azd infrastructure (infra/**/*.bicep) offline with the Bicep CLI
# from NuGet (Azure.Bicep.CommandLine.linux-x64, version pinned in Directory.Packages.props).
# Exits non-zero on any Bicep error, or if main.parameters.json names a parameter main.bicep lacks.
# Usage: infra/build.sh            (warnings are printed but allowed)
#        infra/build.sh --strict   (warnings fail too)
set -euo pipefail
cd "$(dirname "$0")"
strict=false
[ "${1:-}" = "--strict" ] && strict=true

# Restore the throwaway project that only exists to bring the Bicep CLI package.
dotnet restore bicep-tool/BicepTool.csproj -nologo -v quiet >/dev/null
assets=bicep-tool/obj/project.assets.json
bicep=$(node -e '
  const a = require(require("path").resolve(process.argv[1]));
  const lib = Object.keys(a.libraries).find(k => k.toLowerCase().startsWith("azure.bicep.commandline.linux-x64/"));
  if (!lib) process.exit(1);
  const dir = a.libraries[lib].path;
  const root = Object.keys(a.packageFolders)[0];
  console.log(require("path").join(root, dir, "tools", "bicep"));
' "$assets") || { echo "infra/build.sh: Bicep CLI package not found in $assets" >&2; exit 1; }
[ -f "$bicep" ] || { echo "infra/build.sh: $bicep is missing" >&2; exit 1; }
[ -x "$bicep" ] || chmod +x "$bicep"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 BICEP_TRACING_ENABLED=false

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# Each file on its own: a module's diagnostics are only reported when it is the file built or linted.
mapfile -t files < <(find . -path ./bicep-tool -prune -o -name '*.bicep' -print | sed 's|^\./||' | sort)
: >"$out/all.log"
for f in "${files[@]}"; do
  name=$(basename "$f" .bicep)
  "$bicep" build "$f" --outfile "$out/$name.json" 2>>"$out/all.log" || status=1
  "$bicep" lint "$f" >>"$out/all.log" 2>&1 || status=1
done
sort -u "$out/all.log" | sed '/^$/d' >"$out/diag.log"
cat "$out/diag.log" >&2
errors=$(grep -c ': Error ' "$out/diag.log" || true)
warnings=$(grep -c ': Warning ' "$out/diag.log" || true)

# Every parameter azd passes must exist in the template (a typo would be rejected at deploy time).
if [ -f "$out/main.json" ]; then
  node -e '
    const t = require(process.argv[1]).parameters;
    const p = require(require("path").resolve(process.argv[2])).parameters;
    const bad = Object.keys(p).filter(k => !(k in t));
    if (bad.length) { console.error("main.parameters.json names unknown parameters: " + bad.join(", ")); process.exit(1); }
  ' "$out/main.json" main.parameters.json || status=1
fi

if [ "$strict" = true ] && [ "$warnings" -gt 0 ]; then status=1; fi
echo "bicep $("$bicep" --version | grep -o '[0-9][0-9.]*' | head -1): ${#files[@]} file(s) (${files[*]}), ${errors} error(s), ${warnings} warning(s)"
exit $status
