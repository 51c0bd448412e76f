using Kabinet.Accounts;
using Kabinet.Auth;

namespace Kabinet.Payments.Guest;

/// <summary>A guest's payment: the account by its provider, number and holder's last name, the amount, and where the receipt goes.</summary>
public sealed record GuestPaymentRequest(string? ProviderId, string? AccountNumber, string? LastName, long? Amount, List<PaymentServiceRequest>? Services,
    string? Email, PaymentMethodRequest? Method, string? ReturnUrl);

/// <summary>A guest's request as it is used: trimmed, the e-mail normalised, and the one item as a payment request of the account.</summary>
public sealed record GuestPaymentInput(string ProviderId, string Number, string AccountId, string LastName, string Email, PaymentRequest Payment);

/// <summary>The pure rules of a guest's payment: the request's shape and the limits of guessing at accounts.</summary>
public static class GuestPaymentRules
{
    /// <summary>Tries whose name did not match, per client address an hour (a right name gives its try back).</summary>
    public const int ClientFailures = 10;
    public static readonly TimeSpan ClientWindow = TimeSpan.FromHours(1);
    /// <summary>Per account, from every client together, as linking counts failed proofs: 5 a day, then locked for a day.</summary>
    public const int AccountFailures = AccountRules.MaxFailedProofs;
    public static readonly TimeSpan AccountWindow = AccountRules.FailedProofWindow;

    public static string ClientKey(string address) => "guestpay-from:" + address;

    /// <summary>By the account id (a hash of provider and normalised number), so numbers that do not exist count alike.</summary>
    public static string AccountKey(string accountId) => "guestpay:" + accountId;

    private const string Item = "items[0].";

    /// <summary>
    /// Everything that needs no storage: the account's key, the last name, the e-mail, and the amount, split and method as
    /// <see cref="PaymentRules.Validate"/> checks a payment's (its item's fields named as this request names them).
    /// </summary>
    public static (GuestPaymentInput Input, List<PaymentRuleError> Errors) Validate(GuestPaymentRequest request)
    {
        var keyErrors = new List<RuleError>();
        var (providerId, number) = AccountRules.CheckAccountKey(request.ProviderId, request.AccountNumber, keyErrors, numberField: "accountNumber");
        var errors = keyErrors.Select(e => new PaymentRuleError(e.Field, e.Code)).ToList();

        var lastName = request.LastName?.Trim() ?? "";
        if (lastName.Length == 0) errors.Add(new("lastName", "payment.guest_last_name_required"));
        else if (lastName.Length > HolderNames.MaxLastNameLength || AccountRules.HasControlCharacters(lastName)) errors.Add(new("lastName", "payment.guest_last_name_invalid"));

        var email = "";
        if (string.IsNullOrWhiteSpace(request.Email)) errors.Add(new("email", "payment.guest_email_required"));
        else if (Identifiers.NormalizeEmail(request.Email) is { } normalized) email = normalized;
        else errors.Add(new("email", "auth.email_invalid"));

        var accountId = keyErrors.Count == 0 ? AccountIds.For(providerId, number) : "";
        var payment = new PaymentRequest([new PaymentItemRequest(accountId, request.Amount, request.Services)], request.Method, request.ReturnUrl);
        errors.AddRange(ItemErrors(PaymentRules.Validate(payment)).Where(e => e.Code != "payment.account_required"));
        return (new GuestPaymentInput(providerId, number, accountId, lastName, email, payment), errors);
    }

    /// <summary>A payment's errors of its one item under this request's names: items[0].amount → amount.</summary>
    public static IEnumerable<PaymentRuleError> ItemErrors(IEnumerable<PaymentRuleError> errors) =>
        errors.Select(e => e.Field.StartsWith(Item, StringComparison.Ordinal) ? e with { Field = e.Field[Item.Length..] } : e);
}
