#!/usr/bin/env bash
# Bill PDF rendering: the same one-page bill (Billing/Pdf/BillLayout) drawn BENCH_BILLS times with PDFsharp (what the app
# uses) and with PdfPig's builder (bench/BillPdfBench only), one process per library and run, single-threaded.
# Prints PDFs per second, wall-clock and CPU milliseconds and KiB per PDF and the process's peak RSS, three runs each.
#
# Settings (environment):
#   BENCH_BILLS=2000          PDFs per run
#   BENCH_RUNS=3              runs per library
#   BENCH_CONFIGURATION=Release
#   BENCH_SKIP_BUILD=1        reuse bench/BillPdfBench's last build when there is one
#   BENCH_SMOKE=1             20 PDFs, one run: checks the bench works
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
smoke() { [ -n "${BENCH_SMOKE:-}" ] && [ "${BENCH_SMOKE}" != 0 ]; }
configuration=${BENCH_CONFIGURATION:-Release}
bills=${BENCH_BILLS:-$(smoke && echo 20 || echo 2000)}
runs=${BENCH_RUNS:-$(smoke && echo 1 || echo 3)}
dll=bench/BillPdfBench/bin/$configuration/net10.0/BillPdfBench.dll

if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ "${BENCH_SKIP_BUILD}" = 0 ] || [ ! -f "$dll" ]; then
  echo "Building bench/BillPdfBench ($configuration)..."
  dotnet build bench/BillPdfBench -c "$configuration" -nologo -v quiet 2>&1 | grep -E " error |rror\(s\)" | grep -v " 0 Error" && exit 1
fi
[ -f "$dll" ] || { echo "bill-pdf bench: $dll was not built" >&2; exit 1; }

echo "$(nproc) cores; $bills PDFs per run, $runs runs per library"
for run in $(seq 1 "$runs"); do
  for library in pdfsharp pdfpig; do
    echo -n "run $run "
    dotnet "$dll" "$library" "$bills" || { echo "bill-pdf bench: $library failed" >&2; exit 1; }
  done
done
