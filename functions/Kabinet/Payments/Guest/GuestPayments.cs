using Kabinet.Accounts;
using Kabinet.Auth;

namespace Kabinet.Payments.Guest;

/// <summary>What became of a guest's payment: the payment; or not matched, throttled (how long to wait), or the rules it broke.</summary>
public sealed record GuestPaymentOutcome(PaymentEntity? Payment, List<PaymentRuleError> Errors, bool NotMatched = false, TimeSpan? RetryAfter = null);

/// <summary>
/// A payment of an account one has not linked (seed 003, 4.2.4): found by provider and number as linking finds it, allowed when
/// the holder's last name matches, then priced and started by the payment flow with no user and the guest's e-mail for the receipt.
/// Until the name matches, an unknown account and a wrong name answer alike, and both count against the client and the account
/// (counted before the name is checked: parallel guesses never get more than the limits checked).
/// </summary>
public sealed class GuestPayments(AccountLinks links, Throttle throttle, PaymentFlow flow)
{
    public async Task<GuestPaymentOutcome> PayAsync(GuestPaymentInput input, string clientAddress, CancellationToken ct)
    {
        var client = await throttle.TakeAsync(GuestPaymentRules.ClientKey(clientAddress), GuestPaymentRules.ClientFailures, GuestPaymentRules.ClientWindow, ct);
        if (!client.Allowed) return new(null, [], RetryAfter: client.RetryAfter);
        var account = await throttle.TakeAsync(GuestPaymentRules.AccountKey(input.AccountId), GuestPaymentRules.AccountFailures, GuestPaymentRules.AccountWindow, ct,
            GuestPaymentRules.AccountWindow);
        if (!account.Allowed)
        {
            await throttle.ReturnAsync(client.Ticket, ct);
            return new(null, [], RetryAfter: account.RetryAfter);
        }

        var provider = await links.ProviderAsync(input.ProviderId, ct);
        var found = await links.NumberedAsync(provider, input.Number, ct);
        if (found is null || !HolderNames.MatchesLastName(found.HolderName, input.LastName)) return new(null, [], NotMatched: true);

        // A right name does not count. Only this try is given back, not the account's failures before it: those are other
        // clients' guesses, and one payer who knows the name must not reset them.
        await throttle.ReturnAsync(account.Ticket, ct);
        await throttle.ReturnAsync(client.Ticket, ct);

        var priced = await flow.PriceAsync(input.Payment, [found], ct);
        if (priced.Errors.Count > 0) return new(null, GuestPaymentRules.ItemErrors(priced.Errors).ToList());
        var payment = await flow.StartAsync(new PaymentStart(null, input.Email, priced.Items, priced.Providers, input.Payment.Method!.Type!, input.Payment.ReturnUrl), ct);
        return new(payment, []);
    }
}
