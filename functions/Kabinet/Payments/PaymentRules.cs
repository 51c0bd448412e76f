using System.Globalization;
using Kabinet.Auth;
using Kabinet.Providers;

namespace Kabinet.Payments;

/// <summary>A new payment; <see cref="SaveCard"/> at the top is the founding contract's place for it, the same as the method's.</summary>
public sealed record PaymentRequest(List<PaymentItemRequest>? Items, PaymentMethodRequest? Method, string? ReturnUrl, bool? SaveCard = null)
{
    public bool SavesCard => SaveCard == true || Method?.SaveCard == true;
}
public sealed record PaymentItemRequest(string? AccountId, long? Amount, List<PaymentServiceRequest>? Services);
public sealed record PaymentServiceRequest(string? Service, long? Amount);
/// <summary>card (optionally saving it: <see cref="SaveCard"/>), savedCard (<see cref="CardId"/>, one of the payer's saved cards) or sbp.</summary>
public sealed record PaymentMethodRequest(string? Type, bool? SaveCard = null, string? CardId = null);

public sealed record PaymentRuleError(string Field, string Code);

/// <summary>The pure rules of a new payment: the request's shape, the limits, the commission.</summary>
public static class PaymentRules
{
    public const int MaxItems = 10;
    /// <summary>Kopecks: 150 000 ₽ per item unless the provider sets its own (ProviderEntity.MaxPaymentKopecks).</summary>
    public const long MaxItemKopecks = 15_000_000;
    public const string Card = "card";
    public const string SavedCard = "savedCard";
    public static readonly string[] Methods = [Card, SavedCard, "sbp"];

    /// <summary>A payment id as the app makes them (32 lowercase hex digits): anything else names no payment, and never reaches a table key.</summary>
    public static bool IsPaymentId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>A saved card's id is the id of the payment that saved it (so saving twice saves once): the same shape.</summary>
    public static bool IsCardId(string? id) => IsPaymentId(id);

    /// <summary>The receipt (54-FZ) goes to a confirmed e-mail or phone: a payer with neither cannot pay.</summary>
    public static bool HasReceiptContact(UserEntity user) =>
        (user.EmailConfirmed && !string.IsNullOrWhiteSpace(user.Email)) || (user.PhoneConfirmed && !string.IsNullOrWhiteSpace(user.Phone));

    /// <summary>Shape errors that need no storage (limits per provider: <see cref="WithinLimit"/>).</summary>
    public static List<PaymentRuleError> Validate(PaymentRequest request)
    {
        var errors = new List<PaymentRuleError>();
        if (request.Method?.Type is not { } type || !Methods.Contains(type)) errors.Add(new("method", "payment.method_invalid"));
        else
        {
            if (type == SavedCard && string.IsNullOrWhiteSpace(request.Method.CardId)) errors.Add(new("method.cardId", "payment.card_required"));
            if (type != SavedCard && request.Method.CardId is not null) errors.Add(new("method.cardId", "payment.card_id_invalid"));
            if (type != Card && request.SavesCard) errors.Add(new(request.SaveCard == true ? "saveCard" : "method.saveCard", "payment.save_card_invalid"));
        }
        var items = request.Items ?? [];
        if (items.Count is < 1 or > MaxItems) { errors.Add(new("items", "payment.items_count_invalid")); return errors; }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"items[{i}]";
            if (string.IsNullOrWhiteSpace(item.AccountId)) errors.Add(new(at + ".accountId", "payment.account_required"));
            else if (!seen.Add(item.AccountId)) errors.Add(new(at + ".accountId", "payment.account_duplicate"));
            if (item.Amount is not > 0) { errors.Add(new(at + ".amount", "payment.amount_invalid")); continue; }
            if (item.Amount > MaxItemKopecks) errors.Add(new(at + ".amount", "payment.amount_too_large"));
            if (item.Services is { Count: > 0 } services)
            {
                for (var j = 0; j < services.Count; j++)
                {
                    if (string.IsNullOrWhiteSpace(services[j].Service)) errors.Add(new($"{at}.services[{j}].service", "payment.service_required"));
                    if (services[j].Amount is not > 0) errors.Add(new($"{at}.services[{j}].amount", "payment.amount_invalid"));
                }
                if (services.All(s => s.Amount > 0) && services.Sum(s => s.Amount!.Value) != item.Amount)
                    errors.Add(new(at + ".services", "payment.services_sum_mismatch"));
            }
        }
        return errors;
    }

    /// <summary>Whether an item's amount is within its provider's limit.</summary>
    public static bool WithinLimit(long amount, ProviderEntity provider) => amount <= (provider.MaxPaymentKopecks ?? MaxItemKopecks);

    /// <summary>The provider's commission on one item, rounded half up; 0 when the provider charges none.</summary>
    public static long Commission(long amount, ProviderEntity provider)
    {
        var percent = decimal.TryParse(provider.CommissionPercent, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0m;
        var minimum = provider.CommissionMinimumKopecks ?? 0;
        if (percent <= 0 && minimum <= 0) return 0;
        var byPercent = (long)Math.Round(amount * percent / 100m, MidpointRounding.AwayFromZero);
        return Math.Max(byPercent, minimum);
    }
}
