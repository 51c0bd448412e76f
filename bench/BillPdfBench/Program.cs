using System.Diagnostics;
using Kabinet.Billing;
using Kabinet.Billing.Pdf;

// Renders the same bill N times with one library (a process per library, so the peak memory is that library's):
//   dotnet BillPdfBench.dll <pdfsharp|pdfpig> <count> [out.pdf]
var library = args.Length > 0 ? args[0] : "pdfsharp";
var count = args.Length > 1 ? int.Parse(args[1]) : 2000;
Func<BillDocument, byte[]> render = library switch
{
    "pdfsharp" => BillPdf.Render,
    "pdfpig" => bill => PdfPigCanvas.Render(canvas => BillLayout.Draw(bill, canvas)),
    _ => throw new ArgumentException("library: pdfsharp or pdfpig"),
};

var bills = Enumerable.Range(0, 50).Select(Sample.Bill).ToArray();
var first = render(bills[0]);
if (args.Length > 2) File.WriteAllBytes(args[2], first);
for (var i = 0; i < 20; i++) render(bills[i % bills.Length]); // warm-up: JIT, font parsing

long bytes = 0;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var started = Stopwatch.GetTimestamp();
for (var i = 0; i < count; i++) bytes += render(bills[i % bills.Length]).Length;
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
// CPU time (all threads, GC included) tells the libraries apart even on a busy machine, where the wall clock does not.
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;

var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine($"{library,-8}: {count} PDFs in {seconds:0.00} s = {count / seconds:0} PDFs/s, {seconds * 1000 / count:0.00} ms each ({cpu / count:0.00} ms CPU), " +
    $"{bytes / count / 1024.0:0.0} KiB each, peak RSS {long.Parse(peak) / 1024} MiB");

static class Sample
{
    private static readonly BillPayee Payee = new(
        "energo-omsk", "АО «Омская энергосбытовая компания»", "5503249600", "550301001", "1115543001012", "644099, г. Омск, ул. Пушкина, д. 1",
        "+7 3812 00-00-00", "info@energo-omsk.example", "energo-omsk.example", "ПАО Сбербанк", "045209673", "30101810900000000673", "40702810445000012345");

    /// <summary>A typical bill (electricity in two zones with a recalculation, solid waste by norm, a payment, 12 months of history); i varies the account.</summary>
    public static BillDocument Bill(int i) => new(
        "acc" + i, (5512345000 + i).ToString(), "2026-11", Payee, "Иванова Мария Петровна", $"644001, г. Омск, ул. Ленина, д. 10, кв. {i + 1}",
        new BillPremises(2, 3, "54.3", "electric"), 12345 + i,
        [
            new("electricity", "Электроснабжение", "T1", null, 180.5m + i, "кВт·ч", 5.32m, 96026 + i * 532),
            new("electricity", "Электроснабжение", "T2", null, 95.25m, "кВт·ч", 2.71m, 25813),
            new("electricity", "Электроснабжение", "T1", null, -12m, "кВт·ч", 5.32m, -6384, Recalculation: true),
            new("solid_waste", "Обращение с ТКО", null, null, 3m, "чел.", 112.4m, 33720, Estimated: "norm"),
        ],
        [
            new("E-0012345", "electricity", "T1", 15738m, "2026-10-24", 15918.5m + i, "2026-11-24", 180.5m + i, null),
            new("E-0012345", "electricity", "T2", 7020m, "2026-10-24", 7115.25m, "2026-11-24", 95.25m, null),
        ],
        [new("2026-11-05", 150000, "bank", "PP-" + i)],
        149175 + i * 532, 1234, 150000, 12754 + i * 532, 12754 + i * 532, "2026-12-10", new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero),
        [.. Enumerable.Range(0, 12).SelectMany(m =>
        {
            var p = new DateOnly(2025, 12, 1).AddMonths(m).ToString("yyyy-MM");
            return new ConsumptionMonth[] { new(p, "electricity", "T1", 150m + 10 * m + i, m == 4), new(p, "electricity", "T2", 80m + 3 * m, false), new(p, "solid_waste", "", 3m, true) };
        })]);
}
