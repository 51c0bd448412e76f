using System.Globalization;
using System.Text;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// The payment QR code's text in the format of ГОСТ Р 56042-2014: the service block "ST0001" + encoding ("2" = UTF-8), then
/// "|Key=Value" pairs. The five required ones first (Name, PersonalAcc, BankName, BIC, CorrespAcc), then the optional ones a
/// bank app fills the payment form from: payee INN and KPP, the sum in kopecks, the purpose, the payer's personal account,
/// the period, the payer's name and address.
/// </summary>
public static class PaymentQr
{
    /// <summary>"ST0001" + "2": format version 0001, UTF-8.</summary>
    public const string Header = "ST00012";
    public const char Separator = '|';

    /// <summary>The text to encode, or null when the payee lacks a bank requisite the standard requires (no QR code then).</summary>
    public static string? For(BillDocument bill)
    {
        var p = bill.Payee;
        if (Blank(p.Name) || Blank(p.SettlementAccount) || Blank(p.BankName) || Blank(p.Bic) || Blank(p.CorrespondentAccount)) return null;
        var fields = new List<(string Key, string? Value, int Max)>
        {
            ("Name", p.Name, 160),
            ("PersonalAcc", p.SettlementAccount, 20),
            ("BankName", p.BankName, 45),
            ("BIC", p.Bic, 9),
            ("CorrespAcc", p.CorrespondentAccount, 20),
            ("PayeeINN", p.Inn, 12),
            ("KPP", p.Kpp, 9),
            ("Sum", bill.AmountDue > 0 ? bill.AmountDue.ToString(CultureInfo.InvariantCulture) : null, 18),
            ("Purpose", Purpose(bill), 210),
            ("PersAcc", bill.AccountNumber, 30),
            ("PaymPeriod", PaymPeriod(bill.Period), 6),
        };
        var (last, first, middle) = NameParts(bill.HolderName);
        fields.Add(("LastName", last, 60));
        fields.Add(("FirstName", first, 60));
        fields.Add(("MiddleName", middle, 60));
        fields.Add(("PayerAddress", bill.Address, 210));

        var text = new StringBuilder(Header);
        foreach (var (key, value, max) in fields)
        {
            var clean = Clean(value, max);
            if (clean.Length > 0) text.Append(Separator).Append(key).Append('=').Append(clean);
        }
        return text.ToString();
    }

    /// <summary>"yyyy-MM" → "MMyyyy" (the period paid for, six characters); the value as given when it is not a period.</summary>
    public static string PaymPeriod(string period) =>
        DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("MMyyyy", CultureInfo.InvariantCulture) : period;

    /// <summary>"Оплата по л/с 1234567 за 11.2026: Электроснабжение, Вывоз ТКО" — the services of the bill's lines, in their order.</summary>
    public static string Purpose(BillDocument bill)
    {
        var services = bill.Lines.Select(l => l.ServiceName).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct().ToList();
        var month = PaymPeriod(bill.Period);
        var when = month.Length == 6 ? month[..2] + "." + month[2..] : bill.Period;
        var head = $"Оплата по л/с {bill.AccountNumber} за {when}";
        return services.Count == 0 ? head : head + ": " + string.Join(", ", services);
    }

    /// <summary>A holder's name of two or three words as last, first and middle name; otherwise none (the name stays on the bill).</summary>
    public static (string? Last, string? First, string? Middle) NameParts(string? holder)
    {
        var words = (holder ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length switch
        {
            2 => (words[0], words[1], null),
            3 => (words[0], words[1], words[2]),
            _ => (null, null, null),
        };
    }

    /// <summary>A value may not hold the separator (replaced by "/") nor line breaks; cut to the standard's length.</summary>
    public static string Clean(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        var chars = value.Select(c => c == Separator ? '/' : char.IsControl(c) ? ' ' : c).ToArray();
        var clean = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return clean.Length <= max ? clean : clean[..max].TrimEnd();
    }

    private static bool Blank(string? s) => string.IsNullOrWhiteSpace(s);
}
