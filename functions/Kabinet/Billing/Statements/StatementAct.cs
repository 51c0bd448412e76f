using Kabinet.Billing.Pdf;

namespace Kabinet.Billing;

/// <summary>What the act of reconciliation (акт сверки взаиморасчётов) shows besides the statement: who owes whom, and when it was made.</summary>
public sealed record StatementAct(StatementView Statement, string ProviderName, string? Inn, string? Kpp, string AccountNumber, string HolderName,
    string? Address, DateTimeOffset GeneratedAt);

/// <summary>
/// The statement as an A4 PDF act of reconciliation: the parties, the totals, then one row per period and service over as many
/// pages as the rows need, each page numbered "N из M".
/// </summary>
public static class StatementActPdf
{
    private const double Left = 36, Right = BillLayout.PageWidth - 36, Top = 36, Bottom = BillLayout.PageHeight - 48;
    private const double Row = 11, Size = 8;
    /// <summary>Right edges of the money columns: opening, charged, penalties, paid, closing.</summary>
    private static readonly double[] Columns = [Right - 280, Right - 210, Right - 140, Right - 70, Right];
    private static readonly string[] Headings = ["На начало", "Начислено", "Пени", "Оплачено", "На конец"];

    public static byte[] Render(StatementAct act) =>
        PdfSharpCanvas.Render(Pages(act), $"Акт сверки {act.AccountNumber} {act.Statement.From}–{act.Statement.To}");

    public static IReadOnlyList<Action<IBillCanvas>> Pages(StatementAct act)
    {
        var rows = act.Statement.Rows;
        var firstCapacity = (int)((Bottom - FirstTableTop) / Row) - 1;
        var capacity = (int)((Bottom - Top - 20) / Row) - 1;
        var chunks = new List<IReadOnlyList<StatementRow>> { rows.Take(firstCapacity).ToList() };
        for (var at = firstCapacity; at < rows.Count; at += capacity) chunks.Add(rows.Skip(at).Take(capacity).ToList());
        return chunks.Select((chunk, i) => (Action<IBillCanvas>)(c =>
        {
            var y = i == 0 ? Heading(act, c) : Top + 10;
            y = Table(chunk, c, y);
            if (i == chunks.Count - 1) Total(act.Statement, c, y + 4);
            c.Text($"Сформирован {act.GeneratedAt.ToOffset(TimeSpan.FromHours(3)):dd.MM.yyyy HH:mm} (МСК). Лицевой счёт {act.AccountNumber}. Страница {i + 1} из {chunks.Count}.",
                Left, BillLayout.PageHeight - 30, 6, gray: 0.4);
        })).ToList();
    }

    private const double FirstTableTop = Top + 150;

    private static double Heading(StatementAct act, IBillCanvas c)
    {
        var s = act.Statement;
        var y = Top + 14;
        c.Text("Акт сверки взаиморасчётов", Left, y, 14, bold: true);
        y += 16;
        c.Text($"за период с {FirstDay(s.From):dd.MM.yyyy} по {FirstDay(s.To).AddMonths(1).AddDays(-1):dd.MM.yyyy}", Left, y, 10);
        y += 18;
        c.Text(BillLayout.Fit(c, act.ProviderName + Ids(act), Right - Left, Size), Left, y, Size, bold: true);
        y += Row;
        c.Text(BillLayout.Fit(c, $"и абонент {act.HolderName}, лицевой счёт {act.AccountNumber}", Right - Left, Size), Left, y, Size);
        if (!string.IsNullOrWhiteSpace(act.Address))
        {
            y += Row;
            c.Text(BillLayout.Fit(c, "Адрес: " + act.Address, Right - Left, Size), Left, y, Size);
        }
        y += Row * 1.6;
        c.Text($"Сальдо на начало периода: {Balance(s.Opening)}", Left, y, Size);
        y += Row;
        c.Text($"Начислено {BillLayout.Money(s.Charged)} ₽, пени {BillLayout.Money(s.Penalties)} ₽, оплачено {BillLayout.Money(s.Paid)} ₽", Left, y, Size);
        y += Row;
        c.Text($"Сальдо на конец периода: {Balance(s.Closing)}", Left, y, Size, bold: true);
        return Math.Max(y + Row * 1.5, FirstTableTop - Row);
    }

    private static double Table(IReadOnlyList<StatementRow> rows, IBillCanvas c, double y)
    {
        c.Text("Период", Left, y, Size, bold: true);
        c.Text("Услуга", Left + 62, y, Size, bold: true);
        for (var i = 0; i < Columns.Length; i++) c.Text(Headings[i], Columns[i], y, Size, bold: true, align: Align.Right);
        c.Line(Left, y + 3, Right, y + 3);
        foreach (var r in rows)
        {
            y += Row;
            c.Text(r.Period, Left, y, Size);
            c.Text(BillLayout.Fit(c, r.ServiceName ?? r.Service, Columns[0] - 60 - Left - 62, Size), Left + 62, y, Size);
            long[] values = [r.Opening, r.Charged, r.Penalties, r.Paid, r.Closing];
            for (var i = 0; i < Columns.Length; i++) c.Text(BillLayout.Money(values[i]), Columns[i], y, Size, align: Align.Right);
        }
        return y + 3;
    }

    private static void Total(StatementView s, IBillCanvas c, double y)
    {
        c.Line(Left, y, Right, y);
        y += Row;
        c.Text("Итого", Left, y, Size, bold: true);
        long[] values = [s.Opening, s.Charged, s.Penalties, s.Paid, s.Closing];
        for (var i = 0; i < Columns.Length; i++) c.Text(BillLayout.Money(values[i]), Columns[i], y, Size, bold: true, align: Align.Right);
    }

    private static DateOnly FirstDay(string period) => BillingRunRules.FirstDay(period);

    private static string Ids(StatementAct act) =>
        (string.IsNullOrWhiteSpace(act.Inn) ? "" : ", ИНН " + act.Inn) + (string.IsNullOrWhiteSpace(act.Kpp) ? "" : ", КПП " + act.Kpp);

    /// <summary>"1 234,56 ₽ — долг абонента", "… — переплата", or "0,00 ₽".</summary>
    public static string Balance(long kopecks) => kopecks switch
    {
        > 0 => $"{BillLayout.Money(kopecks)} ₽ — задолженность абонента",
        < 0 => $"{BillLayout.Money(-kopecks)} ₽ — переплата (аванс) абонента",
        _ => "0,00 ₽ — задолженности нет",
    };
}
