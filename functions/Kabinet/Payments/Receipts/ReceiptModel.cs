using System.Text.Json;
using Kabinet.Providers;

namespace Kabinet.Payments.Receipts;

/// <summary>The recipient of one account's share: the provider's name and bank requisites.</summary>
public sealed record ReceiptPayee(string Name, string? Inn, string? Kpp, string? BankName, string? Bic, string? SettlementAccount, string? CorrespondentAccount)
{
    public static ReceiptPayee Of(ProviderEntity? provider, string providerId) => provider is null
        ? new(providerId, null, null, null, null, null, null)
        : new(provider.Name, provider.Inn, provider.Kpp, provider.BankName, provider.Bic, provider.SettlementAccount, provider.CorrespondentAccount);
}

public sealed record ReceiptLine(string Label, long Amount);

/// <summary>One account of the payment: its lines sum to <see cref="Amount"/>.</summary>
public sealed record ReceiptAccount(string AccountNumber, string? Address, ReceiptPayee Payee, IReadOnlyList<ReceiptLine> Lines, long Amount, long Commission);

/// <summary>What the receipt PDF shows, built from the payment row alone plus its providers (<see cref="ReceiptModel.Build"/>).</summary>
public sealed record ReceiptModel(string PaymentId, string Payer, string? GatewayPaymentId, DateTimeOffset PaidAt, string TimeZone,
    IReadOnlyList<ReceiptAccount> Accounts, long Amount, long Commission, long Total)
{
    /// <summary>
    /// The items of the payment as receipt accounts. An item split by service gets one line per service (named as the 54-FZ
    /// receipt names it, else by the service id); an item without a split one line "Оплата по лицевому счёту". The totals are
    /// the sums of the items (what was credited), not the row's own fields, so the page always adds up.
    /// <paramref name="paidAt"/> is shown in the first provider's zone.
    /// </summary>
    public static ReceiptModel Build(PaymentEntity payment, Func<string, ProviderEntity?> providers, Func<string, string?> addresses, string payer)
    {
        var items = Items(payment);
        var names = ServiceNames(payment);
        var accounts = items.Select(i =>
        {
            var lines = i.Services is { Count: > 0 } services
                ? services.Select(s => new ReceiptLine(names.GetValueOrDefault((i.ProviderId, i.AccountNumber, s.Service)) ?? s.Service, s.Amount)).ToList()
                : [new ReceiptLine("Оплата по лицевому счёту", i.Amount)];
            return new ReceiptAccount(i.AccountNumber, addresses(i.AccountId), ReceiptPayee.Of(providers(i.ProviderId), i.ProviderId), lines,
                lines.Sum(l => l.Amount), i.Commission);
        }).ToList();
        var zone = items.Select(i => providers(i.ProviderId)?.TimeZone).FirstOrDefault(z => z is not null) ?? "Europe/Moscow";
        var amount = accounts.Sum(a => a.Amount);
        var commission = accounts.Sum(a => a.Commission);
        return new ReceiptModel(payment.PartitionKey, payer, payment.GatewayPaymentId, Local(payment.CompletedAt ?? payment.UpdatedAt, zone), zone,
            accounts, amount, commission, amount + commission);
    }

    public static IReadOnlyList<PaymentItem> Items(PaymentEntity payment)
    {
        try { return JsonSerializer.Deserialize<List<PaymentItem>>(payment.Items, JsonSerializerOptions.Web) ?? []; }
        catch (JsonException) { return []; }
    }

    private static Dictionary<(string, string, string), string> ServiceNames(PaymentEntity payment)
    {
        var names = new Dictionary<(string, string, string), string>();
        if (string.IsNullOrEmpty(payment.Receipt)) return names;
        try
        {
            var receipt = JsonSerializer.Deserialize<ReceiptData>(payment.Receipt, JsonSerializerOptions.Web);
            foreach (var item in receipt?.Items ?? [])
                if (item.Service is { } service) names.TryAdd((item.ProviderId, item.AccountNumber, service), item.Description);
        }
        catch (JsonException) { }
        return names;
    }

    public static DateTimeOffset Local(DateTimeOffset at, string zone)
    {
        try { return TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return at.ToOffset(TimeSpan.FromHours(3)); }
    }

    /// <summary>"Иванов Иван Иванович", else the e-mail or phone with the middle hidden: "iv***@example.com", "+7 ••• ••• 45 67".</summary>
    public static string PayerName(string? fullName, string? email, string? phone)
    {
        if (!string.IsNullOrWhiteSpace(fullName)) return fullName.Trim();
        if (!string.IsNullOrWhiteSpace(email)) return MaskEmail(email);
        if (!string.IsNullOrWhiteSpace(phone)) return MaskPhone(phone);
        return "—";
    }

    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        if (at <= 0) return "***";
        return email[..Math.Min(2, at)] + "***" + email[at..];
    }

    public static string MaskPhone(string phone)
    {
        var digits = new string(phone.Where(char.IsDigit).ToArray());
        return digits.Length < 4 ? "***" : "+" + digits[..1] + " *** ***-" + digits[^4..^2] + "-" + digits[^2..];
    }
}
