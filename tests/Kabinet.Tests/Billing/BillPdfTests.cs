using System.Diagnostics;
using Kabinet.Billing;
using Kabinet.Billing.Pdf;
using UglyToad.PdfPig;

using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Billing;

/// <summary>The bill PDF read back: its text with PdfPig, its QR code from a rendering of the page (poppler's pdftoppm, zbar's zbarimg).</summary>
[TestClass]
public sealed class BillPdfTests
{
    private static readonly byte[] Pdf = BillPdf.Render(BillPdfSamples.Bill());

    [TestMethod]
    public void It_is_one_page_of_A4()
    {
        // BILL_PDF_OUT=/tmp/bill.pdf keeps the sample bill to look at.
        if (Environment.GetEnvironmentVariable("BILL_PDF_OUT") is { Length: > 0 } keep) File.WriteAllBytes(keep, Pdf);
        using var document = PdfDocument.Open(Pdf);
        Assert.AreEqual(1, document.NumberOfPages);
        var page = document.GetPage(1);
        Assert.AreEqual(595, Math.Round(page.Width));
        Assert.AreEqual(842, Math.Round(page.Height));
    }

    [TestMethod]
    public void Cyrillic_text_reads_back()
    {
        var text = PdfText.Of(Pdf);
        foreach (var expected in new[]
        {
            "Иванова Мария Петровна", "Итого к оплате: 127,54 ₽", "Оплатить до 10.12.2026", "Лицевой счёт № 5512345678", "ноябрь 2026",
            "АО «Омская энергосбытовая компания»", "ИНН 5503249600", "КПП 550301001", "БИК 045209673", "Р/с 40702810445000012345 в ПАО Сбербанк",
            "644001, г. Омск, ул. Ленина, д. 10, кв. 25", "Электроснабжение", "Обращение с ТКО", "по нормативу", "перерасчёт",
            "960,26", "−63,84", "5,32", "180,5", "E-0012345", "15 918,5", "Пени", "12,34", "Потребление за 12 месяцев",
        })
            StringAssert.Contains(text, expected);
    }

    [TestMethod]
    public void The_font_is_embedded_and_nothing_is_an_image()
    {
        using var document = PdfDocument.Open(Pdf);
        var page = document.GetPage(1);
        Assert.AreEqual(0, page.GetImages().Count(), "the QR code and the chart are vector drawing");
        Assert.IsTrue(page.Letters.All(l => l.FontName?.Contains("DejaVu Sans", StringComparison.Ordinal) == true), string.Join(",", page.Letters.Select(l => l.FontName).Distinct()));
        Assert.IsTrue(Pdf.Length < 120_000, $"{Pdf.Length} bytes: the font is embedded as a subset");
    }

    [TestMethod]
    public async Task The_QR_code_decodes_to_the_GOST_string()
    {
        Assert.AreEqual(BillPdfSamples.ExpectedQr, await DecodeQrAsync(Pdf));
    }

    [TestMethod]
    public async Task A_bill_with_many_lines_stays_on_one_page_and_keeps_its_code()
    {
        var many = BillPdfSamples.Bill() with
        {
            Lines = [.. Enumerable.Range(0, 60).Select(i => new BillLine("water", "Холодное водоснабжение " + i, null, null, 1.5m, "м³", 40.12m, 60_18))],
            Readings = [.. Enumerable.Range(0, 20).Select(i => new BillReading("W-" + i, "water", "T1", 10m, "2026-10-24", 11.5m, "2026-11-24", 1.5m, null))],
        };
        var pdf = BillPdf.Render(many);

        using (var document = PdfDocument.Open(pdf)) Assert.AreEqual(1, document.NumberOfPages);
        var text = PdfText.Of(pdf);
        StringAssert.Contains(text, "и ещё строк:");
        StringAssert.Contains(text, "Итого к оплате: 127,54 ₽");
        Assert.AreEqual(PaymentQr.For(many), await DecodeQrAsync(pdf));
    }

    [TestMethod]
    public void A_payee_without_bank_requisites_gets_a_bill_without_a_code()
    {
        var text = PdfText.Of(BillPdf.Render(BillPdfSamples.Bill(payee: BillPdfSamples.Payee with { Bic = null, CorrespondentAccount = null })));
        StringAssert.Contains(text, "QR-код не сформирован");
        StringAssert.Contains(text, "Итого к оплате");
    }

    /// <summary>Renders the page at 200 dpi (pdftoppm) and reads its QR code (zbarimg). CI installs both (.ci/run).</summary>
    public static async Task<string> DecodeQrAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("bill-pdf-");
        try
        {
            var file = Path.Combine(dir.FullName, "bill.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            await RunAsync("pdftoppm", ["-r", "200", "-png", "-singlefile", file, Path.Combine(dir.FullName, "page")]);
            var raw = await RunAsync("zbarimg", ["--raw", "-q", Path.Combine(dir.FullName, "page.png")]);
            return raw.TrimEnd('\n', '\r');
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AssertFailedException($"{tool} is not installed: apt-get install poppler-utils zbar-tools (.ci/run installs them). {e.Message}");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.AreEqual(0, process.ExitCode, $"{tool} {string.Join(' ', args)}: {await error}");
            return await output;
        }
    }
}
