using System.Globalization;
using QRCoder;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// Where everything of a bill goes on its one A4 page: the provider's requisites and the payment QR code, the payer and
/// premises, the readings, the lines, the totals with the amount due and due date, the payments, and a bar chart of the
/// last 12 months' volumes. Tables that would run off the page are cut with a line saying how many rows are left out.
/// </summary>
public static class BillLayout
{
    public const double PageWidth = 595.28, PageHeight = 841.89;
    private const double Left = 36, Right = PageWidth - 36, Width = Right - Left;
    private const double QrSize = 118;
    private const double ChartHeight = 92, FooterHeight = 14;
    private const double Row = 10.5, Small = 7, Body = 8;

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    private static readonly NumberFormatInfo Numbers = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = " ", NegativeSign = "−" };

    public static void Draw(BillDocument bill, IBillCanvas c)
    {
        var y = Header(bill, c);
        y = Payer(bill, c, y + 8);
        var bottom = PageHeight - 36 - FooterHeight - (bill.History.Count > 0 ? ChartHeight + 14 : 0);
        var totalsHeight = 7 * Row + 30 + (bill.Payments.Count > 0 ? Row * (Math.Min(bill.Payments.Count, 4) + 1) + 6 : 0);
        y = Readings(bill, c, y + 18, bottom - totalsHeight - 6 * Row);
        y = Lines(bill, c, y + 18, bottom - totalsHeight);
        y = Totals(bill, c, y + 12);
        y = Payments(bill, c, y + 4);
        if (bill.History.Count > 0) Chart(bill, c, Math.Min(bottom + 14, y + 24));
        c.Text($"Документ сформирован {bill.IssuedAt.ToOffset(TimeSpan.FromHours(3)):dd.MM.yyyy HH:mm} (МСК). Лицевой счёт {bill.AccountNumber}, период {PeriodName(bill.Period)}.",
            Left, PageHeight - 36, 6, gray: 0.4);
    }

    private static double Header(BillDocument bill, IBillCanvas c)
    {
        var p = bill.Payee;
        var y = 36 + 14.0;
        c.Text("Платёжный документ (счёт) за " + PeriodName(bill.Period), Left, y, 14, bold: true);
        y += 18;
        c.Text(p.Name, Left, y, 10, bold: true);
        var lines = new List<string>();
        var ids = Join("  ", Label("ИНН", p.Inn), Label("КПП", p.Kpp), Label("ОГРН", p.Ogrn));
        if (ids.Length > 0) lines.Add(ids);
        if (!string.IsNullOrWhiteSpace(p.LegalAddress)) lines.Add("Адрес: " + p.LegalAddress);
        var contacts = Join("  ", Label("Тел.", p.Phone), Label("E-mail:", p.Email), Label("Сайт:", p.Website));
        if (contacts.Length > 0) lines.Add(contacts);
        if (!string.IsNullOrWhiteSpace(p.SettlementAccount)) lines.Add($"Р/с {p.SettlementAccount} в {p.BankName}");
        var bank = Join("  ", Label("БИК", p.Bic), Label("К/с", p.CorrespondentAccount));
        if (bank.Length > 0) lines.Add(bank);
        foreach (var line in lines)
        {
            y += Row;
            c.Text(Fit(c, line, Width - QrSize - 10, Body), Left, y, Body);
        }

        if (PaymentQr.For(bill) is { } payload) Qr(c, payload, Right - QrSize, 36 + 20, QrSize);
        else c.Text("QR-код не сформирован: нет банковских реквизитов", Right, 36 + 30, Small, align: Align.Right, gray: 0.4);
        return Math.Max(y, 36 + 20 + QrSize - 6);
    }

    private static double Payer(BillDocument bill, IBillCanvas c, double y)
    {
        c.Line(Left, y, Right, y, 0.7);
        y += Row + 2;
        c.Text("Лицевой счёт № " + bill.AccountNumber, Left, y, 10, bold: true);
        c.Text("Период: " + PeriodName(bill.Period), Right, y, 10, bold: true, align: Align.Right);
        y += Row + 1;
        c.Text(Fit(c, "Плательщик: " + bill.HolderName, Width, Body), Left, y, Body);
        y += Row;
        c.Text(Fit(c, "Адрес помещения: " + bill.Address, Width, Body), Left, y, Body);
        y += Row;
        var pr = bill.Premises;
        c.Text($"Площадь {pr.Area.Replace('.', ',')} м², комнат {pr.Rooms}, зарегистрировано {pr.Residents}, плита: {StoveName(pr.Stove)}", Left, y, Body);
        return y;
    }

    private static double Readings(BillDocument bill, IBillCanvas c, double y, double limit)
    {
        if (bill.Readings.Count == 0) return y - 18;
        c.Text("Показания приборов учёта", Left, y, 9, bold: true);
        y += 4;
        double[] at = [Left, Left + 90, Left + 200, Left + 240, Left + 340, Left + 440];
        y = HeaderRow(c, y, [("Счётчик", at[0] + 2, Align.Left), ("Услуга", at[1], Align.Left), ("Зона", at[2], Align.Left),
            ("Предыдущее", at[3], Align.Left), ("Текущее", at[4], Align.Left), ("Расход", Right - 2, Align.Right)]);
        var rows = Fitting(bill.Readings, y, limit);
        foreach (var r in rows)
        {
            y += Row;
            c.Text(r.Serial, at[0] + 2, y, Body);
            c.Text(Fit(c, ServiceName(bill, r.Service), 105, Body), at[1], y, Body);
            c.Text(r.Zone, at[2], y, Body);
            c.Text(Reading(r.Previous, r.PreviousDate), at[3], y, Body);
            c.Text(r.Current is null ? EstimateName(r.Estimated) ?? "—" : Reading(r.Current, r.CurrentDate), at[4], y, Body);
            c.Text(Quantity(r.Consumption) + (r.Estimated is null ? "" : " *"), Right - 2, y, Body, align: Align.Right);
        }
        return More(c, y, bill.Readings.Count - rows.Count);
    }

    private static double Lines(BillDocument bill, IBillCanvas c, double y, double limit)
    {
        c.Text("Начисления за " + PeriodName(bill.Period), Left, y, 9, bold: true);
        y += 4;
        double[] at = [Left, Left + 175, Left + 215, Left + 285, Left + 320, Left + 385, Left + 445];
        y = HeaderRow(c, y, [("Услуга", at[0] + 2, Align.Left), ("Зона", at[1], Align.Left), ("Объём", at[3] - 4, Align.Right), ("Ед.", at[3], Align.Left),
            ("Тариф, ₽", at[5] - 6, Align.Right), ("Сумма, ₽", at[6] - 6, Align.Right), ("Примечание", at[6], Align.Left)]);
        var rows = Fitting(bill.Lines, y, limit);
        foreach (var l in rows)
        {
            y += Row;
            c.Text(Fit(c, l.ServiceName + (l.Band is null ? "" : " (" + l.Band + ")"), 170, Body), at[0] + 2, y, Body);
            c.Text(l.Zone ?? "", at[1], y, Body);
            c.Text(Quantity(l.Quantity), at[3] - 4, y, Body, align: Align.Right);
            c.Text(l.Unit, at[3], y, Body);
            c.Text(Rate(l.Rate), at[5] - 6, y, Body, align: Align.Right);
            c.Text(Money(l.Amount), at[6] - 6, y, Body, align: Align.Right);
            var notes = Join(", ", EstimateName(l.Estimated), l.Recalculation ? "перерасчёт" : null);
            c.Text(Fit(c, notes, Right - at[6], Small), at[6], y, Small);
        }
        y = More(c, y, bill.Lines.Count - rows.Count);
        if (bill.Lines.Any(l => l.Estimated is not null) || bill.Readings.Any(r => r.Estimated is not null))
        {
            y += Row - 2;
            c.Text("* объём определён расчётно (по среднему или по нормативу, ПП 354 пп. 59–60): при поступлении показаний будет перерасчёт.", Left, y, 6, gray: 0.3);
        }
        return y;
    }

    private static double Totals(BillDocument bill, IBillCanvas c, double y)
    {
        c.Line(Left, y - 6, Right, y - 6, 0.7);
        var x = Right - 2;
        (string Label, long Amount)[] rows =
        [
            (bill.OpeningBalance >= 0 ? "Задолженность на начало периода" : "Аванс на начало периода", Math.Abs(bill.OpeningBalance)),
            ("Начислено за период", bill.Charged),
            ("Пени", bill.Penalties),
            ("Оплачено в периоде", bill.Paid),
            (bill.ClosingBalance >= 0 ? "Задолженность на конец периода" : "Аванс на конец периода", Math.Abs(bill.ClosingBalance)),
        ];
        foreach (var (label, amount) in rows)
        {
            y += Row;
            c.Text(label, x - 110, y, Body, align: Align.Right);
            c.Text(Money(amount) + " ₽", x, y, Body, align: Align.Right);
        }
        y += Row + 6;
        c.Fill(Left, y - 11, Width, 15, 0.9);
        c.Text("Итого к оплате: " + Money(bill.AmountDue) + " ₽", Left + 4, y, 11, bold: true);
        c.Text("Оплатить до " + Date(bill.DueDate), x, y, 11, bold: true, align: Align.Right);
        return y + 6;
    }

    private static double Payments(BillDocument bill, IBillCanvas c, double y)
    {
        if (bill.Payments.Count == 0) return y;
        y += Row;
        c.Text("Поступившие оплаты", Left, y, Body, bold: true);
        foreach (var p in bill.Payments.Take(4))
        {
            y += Row;
            c.Text(Join("  ", Date(p.Date), Money(p.Amount) + " ₽", ChannelName(p.Channel), Label("№", p.DocumentNumber)), Left + 8, y, Body);
        }
        if (bill.Payments.Count > 4) c.Text($"и ещё {bill.Payments.Count - 4}", Right, y, Small, align: Align.Right);
        return y;
    }

    /// <summary>Bars of the billed volume per month (oldest left), one chart per service, stacked by zone; estimated months lighter.</summary>
    private static void Chart(BillDocument bill, IBillCanvas c, double top)
    {
        var months = bill.History.Select(h => h.Period).Distinct().Order(StringComparer.Ordinal).TakeLast(12).ToList();
        var services = bill.History.Select(h => h.Service).Distinct().Take(3).ToList();
        c.Text("Потребление за 12 месяцев", Left, top, 9, bold: true);
        var gap = 14.0;
        var chartWidth = (Width - gap * (services.Count - 1)) / services.Count;
        for (var s = 0; s < services.Count; s++)
        {
            var x0 = Left + s * (chartWidth + gap);
            var rows = bill.History.Where(h => h.Service == services[s] && months.Contains(h.Period)).ToList();
            var zones = rows.Select(h => h.Zone).Distinct().Order(StringComparer.Ordinal).ToList();
            var max = months.Max(m => rows.Where(h => h.Period == m).Sum(h => Math.Max(0, h.Volume)));
            var unit = bill.Lines.FirstOrDefault(l => l.Service == services[s])?.Unit ?? "";
            var title = ServiceName(bill, services[s]) + (unit.Length > 0 ? ", " + unit : "");
            c.Text(Fit(c, title, chartWidth, Small), x0, top + 11, Small);
            var baseY = top + ChartHeight - 10;
            var plotTop = top + 20;
            var plotHeight = baseY - plotTop;
            c.Line(x0, baseY, x0 + chartWidth, baseY, 0.5);
            c.Text(Quantity(max), x0, plotTop - 1, 5.5, gray: 0.35);
            var slot = chartWidth / 12;
            for (var m = 0; m < months.Count; m++)
            {
                var bx = x0 + m * slot + slot * 0.15;
                var y = baseY;
                foreach (var (zone, zi) in zones.Select((z, i) => (z, i)))
                {
                    var cell = rows.FirstOrDefault(h => h.Period == months[m] && h.Zone == zone);
                    if (cell is null || cell.Volume <= 0 || max <= 0) continue;
                    var h = (double)(cell.Volume / max) * plotHeight;
                    var shade = 0.15 + 0.25 * zi + (cell.Estimated ? 0.3 : 0);
                    c.Fill(bx, y - h, slot * 0.7, h, Math.Min(shade, 0.85));
                    y -= h;
                }
                c.Text(months[m].Length == 7 ? months[m][5..] + "." + months[m][2..4] : months[m], bx + slot * 0.35, baseY + 7, 5, align: Align.Center);
            }
            if (zones.Count > 1)
            {
                var lx = x0 + chartWidth;
                foreach (var (zone, zi) in zones.Select((z, i) => (z, i)).Reverse())
                {
                    var w = c.Width(zone, 5.5);
                    c.Text(zone, lx, top + 18, 5.5, align: Align.Right);
                    c.Fill(lx - w - 7, top + 13.5, 5, 5, 0.15 + 0.25 * zi);
                    lx -= w + 12;
                }
            }
        }
        c.Text("Светлее — объём, определённый расчётно.", Right, top, 5.5, align: Align.Right, gray: 0.4);
    }

    /// <summary>The QR code as filled rectangles (one per run of dark modules in a row): vector, sharp at any zoom.</summary>
    public static void Qr(IBillCanvas c, string payload, double x, double y, double size)
    {
        var matrix = Modules(payload);
        var n = matrix.Count;
        var module = size / n;
        for (var r = 0; r < n; r++)
        {
            var row = matrix[r];
            for (var col = 0; col < n; col++)
            {
                if (!row[col]) continue;
                var start = col;
                while (col + 1 < n && row[col + 1]) col++;
                c.Fill(x + start * module, y + r * module, (col - start + 1) * module, module);
            }
        }
    }

    /// <summary>The module matrix (with its quiet zone) at error correction level M, the text encoded as UTF-8 bytes.</summary>
    public static List<bool[]> Modules(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        return data.ModuleMatrix.Select(bits => Enumerable.Range(0, bits.Length).Select(i => bits[i]).ToArray()).ToList();
    }

    private static double HeaderRow(IBillCanvas c, double y, (string Text, double X, Align Align)[] head)
    {
        c.Fill(Left, y, Width, Row + 1, 0.92);
        y += Row - 2;
        foreach (var (text, x, align) in head) c.Text(text, x, y, Small, bold: true, align: align);
        return y + 2;
    }

    private static List<T> Fitting<T>(IReadOnlyList<T> rows, double y, double limit)
    {
        var room = (int)Math.Floor((limit - y) / Row);
        return rows.Count <= room ? rows.ToList() : rows.Take(Math.Max(0, room - 1)).ToList();
    }

    private static double More(IBillCanvas c, double y, int left)
    {
        if (left <= 0) return y;
        y += Row;
        c.Text($"… и ещё строк: {left} (полностью — в личном кабинете)", Left + 2, y, Small, gray: 0.3);
        return y;
    }

    public static string Fit(IBillCanvas c, string text, double width, double size, bool bold = false)
    {
        if (c.Width(text, size, bold) <= width) return text;
        var cut = text.Length;
        while (cut > 1 && c.Width(text[..cut] + "…", size, bold) > width) cut--;
        return text[..cut].TrimEnd() + "…";
    }

    public static string PeriodName(string period) =>
        DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? Ru.DateTimeFormat.MonthNames[d.Month - 1].ToLowerInvariant() + " " + d.Year.ToString(CultureInfo.InvariantCulture) : period;

    /// <summary>Kopecks as roubles: "1 234,56".</summary>
    public static string Money(long kopecks) => (kopecks / 100m).ToString("#,0.00", Numbers);

    public static string Quantity(decimal q) => q.ToString("#,0.###", Numbers);

    private static string Rate(decimal r) => r.ToString("#,0.00##", Numbers);

    private static string Reading(decimal? value, string? date) =>
        value is null ? "—" : Quantity(value.Value) + (date is null ? "" : " (" + Date(date) + ")");

    public static string Date(string? iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : iso ?? "";

    private static string? EstimateName(string? estimated) => estimated switch
    {
        null => null,
        "average" => "по среднему",
        "norm" => "по нормативу",
        _ => "расчётно",
    };

    private static string StoveName(string stove) => stove switch
    {
        "electric" => "электрическая",
        "gas" => "газовая",
        "none" or "" => "нет",
        _ => stove,
    };

    private static string ChannelName(string? channel) => channel switch
    {
        "portal" => "личный кабинет",
        "bank" => "банк",
        "post" => "почта",
        "cash" => "касса",
        null => "",
        _ => channel,
    };

    private static string ServiceName(BillDocument bill, string service) =>
        bill.Lines.FirstOrDefault(l => l.Service == service)?.ServiceName ?? service;

    private static string? Label(string label, string? value) => string.IsNullOrWhiteSpace(value) ? null : label + " " + value;

    private static string Join(string separator, params string?[] parts) => string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
