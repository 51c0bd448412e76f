using System.Globalization;
using Kabinet.Billing.Pdf;

namespace Kabinet.Payments.Receipts;

/// <summary>The receipt as one A4 page, drawn on the bill's canvas (<see cref="IBillCanvas"/>) in the bill's font and money format.</summary>
public static class ReceiptLayout
{
    private const double Left = 42, Right = BillLayout.PageWidth - 42, Row = 12.5, Body = 8.5;
    private const double Bottom = BillLayout.PageHeight - 60;

    public static string Money(long kopecks) => BillLayout.Money(kopecks) + " ₽";

    public static void Draw(ReceiptModel r, IBillCanvas c)
    {
        var y = 36 + 16.0;
        c.Text("Квитанция об оплате", Left, y, 16, bold: true);
        y += 22;
        c.Text($"Плательщик: {r.Payer}", Left, y, 10);
        y += Row;
        c.Text($"Дата и время оплаты: {r.PaidAt.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)} ({r.TimeZone})", Left, y, Body);
        y += Row;
        c.Text($"Номер оплаты: {r.PaymentId}", Left, y, Body);
        if (!string.IsNullOrEmpty(r.GatewayPaymentId))
        {
            y += Row;
            c.Text($"Операция в платёжной системе: {r.GatewayPaymentId}", Left, y, Body);
        }
        y += 10;

        var shown = 0;
        foreach (var a in r.Accounts)
        {
            if (y + Row * (7 + a.Lines.Count) > Bottom - 5 * Row)
            {
                c.Text($"и ещё лицевых счетов: {r.Accounts.Count - shown}", Left, y += Row, Body, gray: 0.4);
                break;
            }
            y = Account(a, c, y + 8);
            shown++;
        }

        y += 10;
        c.Line(Left, y, Right, y, 0.8);
        y += Row + 2;
        Pair(c, "Оплачено по счетам", Money(r.Amount), y, 10);
        y += Row + 2;
        Pair(c, "Комиссия", Money(r.Commission), y, 10);
        y += Row + 6;
        Pair(c, "Итого списано", Money(r.Total), y, 12, bold: true);
        c.Text("Квитанция сформирована Кабинетом по данным платёжной системы. Кассовый чек по 54-ФЗ направляется платёжной системой.",
            Left, BillLayout.PageHeight - 36, 6, gray: 0.4);
    }

    private static double Account(ReceiptAccount a, IBillCanvas c, double y)
    {
        var p = a.Payee;
        c.Fill(Left, y, Right - Left, 0.6, 0.6);
        y += Row + 2;
        c.Text(p.Name, Left, y, 10, bold: true);
        var ids = Join(Label("ИНН", p.Inn), Label("КПП", p.Kpp));
        if (ids.Length > 0) c.Text(ids, Left, y += Row, Body);
        if (!string.IsNullOrWhiteSpace(p.SettlementAccount))
            c.Text($"Р/с {p.SettlementAccount}" + (string.IsNullOrWhiteSpace(p.BankName) ? "" : $" в {p.BankName}"), Left, y += Row, Body);
        var bank = Join(Label("БИК", p.Bic), Label("К/с", p.CorrespondentAccount));
        if (bank.Length > 0) c.Text(bank, Left, y += Row, Body);
        c.Text($"Лицевой счёт № {a.AccountNumber}", Left, y += Row + 2, 10, bold: true);
        if (!string.IsNullOrWhiteSpace(a.Address)) c.Text("Адрес: " + a.Address, Left, y += Row, Body);
        foreach (var line in a.Lines) Pair(c, line.Label, Money(line.Amount), y += Row, Body);
        if (a.Commission != 0) Pair(c, "Комиссия", Money(a.Commission), y += Row, Body, gray: 0.3);
        return y;
    }

    private static void Pair(IBillCanvas c, string label, string amount, double y, double size, bool bold = false, double gray = 0)
    {
        c.Text(label, Left + 8, y, size, bold, gray: gray);
        c.Text(amount, Right, y, size, bold, Align.Right, gray);
    }

    private static string Label(string label, string? value) => string.IsNullOrWhiteSpace(value) ? "" : $"{label} {value}";

    private static string Join(params string[] parts) => string.Join("  ", parts.Where(p => p.Length > 0));
}

public static class ReceiptPdf
{
    public const string ContentType = "application/pdf";

    public static byte[] Render(ReceiptModel receipt) =>
        PdfSharpCanvas.Render(canvas => ReceiptLayout.Draw(receipt, canvas), $"Квитанция об оплате {receipt.PaymentId}");
}
