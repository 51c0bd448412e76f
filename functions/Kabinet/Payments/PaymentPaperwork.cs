using Kabinet.Providers;

namespace Kabinet.Payments;

/// <summary>The pure paperwork of a payment: the 54-FZ receipt and one ГИС ЖКХ payment order per provider.</summary>
public static class PaymentPaperwork
{
    /// <summary>YooKassa's VAT codes by the day they apply from: 20 % (4) until 2025-12-31, 22 % (11) from 2026-01-01.</summary>
    private static readonly (DateOnly From, int Code)[] VatCodes = [(DateOnly.MinValue, 4), (new DateOnly(2026, 1, 1), 11)];

    public static int VatCodeOn(DateOnly day) => VatCodes.Last(v => v.From <= day).Code;

    public static ReceiptData Receipt(IReadOnlyList<PaymentItem> items, DateOnly day, string? email = null, string? phone = null)
    {
        var vat = VatCodeOn(day);
        var lines = new List<ReceiptItem>();
        foreach (var item in items)
        {
            if (item.Services is { Count: > 0 } services)
                lines.AddRange(services.Select(s => new ReceiptItem($"Оплата услуги {s.Service}, л/с {item.AccountNumber}", s.Amount, vat, "service", "full_payment",
                    item.ProviderId, item.AccountNumber, s.Service)));
            else
                lines.Add(new ReceiptItem($"Оплата ЖКУ, л/с {item.AccountNumber}", item.Amount, vat, "service", "full_payment", item.ProviderId, item.AccountNumber, null));
            if (item.Commission > 0)
                lines.Add(new ReceiptItem($"Комиссия, л/с {item.AccountNumber}", item.Commission, vat, "agent_commission", "full_payment",
                    item.ProviderId, item.AccountNumber, null));
        }
        return new ReceiptData(email, phone, lines);
    }

    public static List<PaymentOrderData> Orders(IReadOnlyList<PaymentItem> items, IReadOnlyDictionary<string, ProviderEntity> providers, DateOnly day) =>
        items.GroupBy(i => i.ProviderId).Select(g =>
        {
            var p = providers.TryGetValue(g.Key, out var found) ? found : new ProviderEntity { RowKey = g.Key };
            var numbers = string.Join(",", g.Select(i => i.AccountNumber));
            return new PaymentOrderData(g.Key, p.Name, p.Inn ?? "", p.Kpp ?? "", p.BankName ?? "", p.Bic ?? "", p.CorrespondentAccount ?? "",
                p.SettlementAccount ?? "", numbers, day.ToString("yyyy-MM"), $"Оплата ЖКУ, л/с {numbers}", g.Sum(i => i.Amount));
        }).ToList();
}
