using System.Globalization;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;

namespace Kabinet.Payments.Guest;

/// <summary>
/// POST /payments/guest: public. The guest follows the payment by its confirmationUrl (the gateway's page) and gets the receipt
/// by e-mail; there is no status endpoint for guests (GET /payments/{id} is the payer's, by user).
/// </summary>
public static class GuestPaymentEndpoints
{
    public const string NotMatchedCode = "payment.guest_not_matched";
    public const string ThrottledCode = "payment.guest_throttled";

    public static void MapGuestPaymentsFunction(this WebApplication app)
    {
        var payments = app.MapHttpFunction("Payments", "payments").WithTags("payments");
        payments.MapPost("/guest", Create).AllowAnonymous().Idempotent(required: true, anonymous: true)
            .WithSummary("Pays an account one has not linked: provider, number and the holder's last name, the amount, and the e-mail the receipt goes to. " +
                "An unknown account and a wrong name answer alike (422); 10 such tries per client an hour, 5 per account a day.")
            .Produces<PaymentCreatedView>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Create(GuestPaymentRequest request, HttpContext http, GuestPayments guests, PaymentFlow flow, CancellationToken ct)
    {
        if (!flow.CanPay) return Problems.Create(http, StatusCodes.Status503ServiceUnavailable, PaymentFlow.UnavailableCode);
        var (input, errors) = GuestPaymentRules.Validate(request);
        if (errors.Count > 0) return Problems.Validation(http, errors.Select(e => Problems.Field(http, e.Field, e.Code)).ToList());

        var result = await guests.PayAsync(input, ClientInfo.Address(http), ct);
        if (result.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Create(http, StatusCodes.Status429TooManyRequests, ThrottledCode, new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }
        if (result.NotMatched) return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, NotMatchedCode);
        if (result.Payment is not { } p) return Problems.Validation(http, result.Errors.Select(e => Problems.Field(http, e.Field, e.Code)).ToList());
        return TypedResults.Created((string?)null,
            new PaymentCreatedView(p.PartitionKey, p.Status, p.Amount, p.Commission, p.Total, p.ConfirmationUrl, p.SbpPayload));
    }
}
