using Kabinet.Billing;
using UglyToad.PdfPig;

using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Billing;

/// <summary>The act of reconciliation (GET …/statement/pdf) read back with PdfPig: the parties, every row, the totals, page numbers.</summary>
[TestClass]
public sealed class StatementActPdfTests
{
    private static StatementAct Act(int months)
    {
        var rows = new List<StatementRow>();
        long opening = 0;
        for (var m = 0; m < months; m++)
        {
            var period = new DateOnly(2024, 1, 1).AddMonths(m).ToString("yyyy-MM");
            foreach (var (service, name, charged) in new[] { ("electricity", "Электроэнергия", 123456L), ("solid_waste", "Обращение с ТКО", 24000L) })
            {
                var paid = m % 3 == 0 ? charged : 0;
                rows.Add(new StatementRow(period, service, name, opening, charged, paid, 0, opening + charged - paid));
            }
        }
        var view = new StatementView(rows[0].Period, rows[^1].Period, rows, 0, rows.Sum(r => r.Charged), rows.Sum(r => r.Paid), 0,
            rows.Sum(r => r.Charged - r.Paid));
        return new StatementAct(view, "АО «Омскэнергосбыт»", "5503248039", "550301001", "110012345", "Иванов Иван Иванович", "г. Омск, ул. Ленина, д. 1, кв. 2",
            new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    }

    [TestMethod]
    public void A_year_fits_on_one_page_with_the_parties_and_totals()
    {
        var act = Act(12);
        var pdf = StatementActPdf.Render(act);
        using (var document = PdfDocument.Open(pdf)) Assert.AreEqual(1, document.NumberOfPages);
        var text = PdfText.Of(pdf);
        foreach (var expected in new[] { "Акт сверки взаиморасчётов", "с 01.01.2024 по 31.12.2024", "ИНН 5503248039", "110012345", "Иванов Иван Иванович",
                     "Обращение с ТКО", "1 234,56", "Страница 1 из 1", "Итого" })
            StringAssert.Contains(text, expected);
        StringAssert.Contains(text, StatementActPdf.Balance(act.Statement.Closing));
    }

    [TestMethod]
    public void Three_years_run_over_pages_without_losing_a_row()
    {
        var act = Act(36);
        var pdf = StatementActPdf.Render(act);
        // STATEMENT_PDF_OUT=/tmp/act.pdf keeps the sample act to look at.
        if (Environment.GetEnvironmentVariable("STATEMENT_PDF_OUT") is { Length: > 0 } keep) File.WriteAllBytes(keep, pdf);
        using var document = PdfDocument.Open(pdf);
        Assert.IsTrue(document.NumberOfPages > 1, $"{document.NumberOfPages} pages");
        var text = PdfText.Of(pdf);
        foreach (var period in act.Statement.Rows.Select(r => r.Period).Distinct()) StringAssert.Contains(text, period);
        Assert.AreEqual(act.Statement.Rows.Count, document.GetPages().Sum(p => p.GetWords().Count(w => w.Text.Length == 7 && w.Text[4] == '-')));
        StringAssert.Contains(text, $"Страница {document.NumberOfPages} из {document.NumberOfPages}");
        StringAssert.Contains(PdfText.Of(pdf), "Итого");
    }

    [TestMethod]
    public void The_balance_says_who_owes_whom()
    {
        Assert.AreEqual("1 000,00 ₽ — задолженность абонента", StatementActPdf.Balance(100000));
        Assert.AreEqual("5,00 ₽ — переплата (аванс) абонента", StatementActPdf.Balance(-500));
        Assert.AreEqual("0,00 ₽ — задолженности нет", StatementActPdf.Balance(0));
    }
}
