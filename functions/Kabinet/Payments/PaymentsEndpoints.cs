using System.Net;
using System.Text.Json;
using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Invocation;

namespace Kabinet.Payments;

public sealed record PaymentCreatedView(string PaymentId, string Status, long Amount, long Commission, long Total, string? ConfirmationUrl, string? SbpPayload);

public sealed record PaymentView(string Id, string Status, long Amount, long Commission, long Total, IReadOnlyList<PaymentItem> Items,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? ConfirmationUrl, string? SbpPayload, string? ReceiptUrl, string? FailureCode);

public sealed record SandboxOutcomeRequest(string? Outcome);

public sealed record NoticeAcceptedView(bool Accepted);

public sealed record SandboxOutcomeView(string PaymentId, string Status);

/// <summary>The <c>payments</c> area: paying linked accounts, the gateways' callbacks and the sandbox gateway's page.</summary>
public static class PaymentsEndpoints
{
    public const string NotFoundCode = "payment.not_found";

    public static void MapPaymentsFunction(this WebApplication app)
    {
        var payments = app.MapHttpFunction("Payments", "payments").WithTags("payments");
        payments.MapPost("", Create).RequireAuthorization().Idempotent(required: true)
            .WithSummary("Pays 1–10 linked accounts by card (saveCard: keep it once paid), a saved card (cardId) or SBP: recorded, then created at the gateway; follow confirmationUrl (or sbpPayload). 422 payment.contact_required without a confirmed e-mail or phone for the receipt.")
            .Produces<PaymentCreatedView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        payments.MapGet("/{id}", Get).RequireAuthorization().WithSummary("The payer's payment.").Produces<PaymentView>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        payments.MapPost("/gateways/{gateway}/callback", Callback).AllowAnonymous()
            .WithSummary("A gateway's notification (raw body, signed): the payment is re-read from the gateway and applied.")
            .Produces<NoticeAcceptedView>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        payments.MapGet("/sandbox/{paymentId}", SandboxPage).AllowAnonymous()
            .WithSummary("The sandbox gateway's confirmation page: succeed or fail the payment.").Produces<string>(StatusCodes.Status200OK, "text/html");
        payments.MapPost("/sandbox/{paymentId}", SandboxOutcome).AllowAnonymous()
            .WithSummary("The sandbox gateway's outcome (JSON or form {outcome: succeeded|failed}); it then notifies the callback signed.")
            .Produces<SandboxOutcomeView>().ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Create(PaymentRequest request, HttpContext http, PaymentFlow flow, CancellationToken ct)
    {
        if (!flow.CanPay) return Problems.Create(http, StatusCodes.Status503ServiceUnavailable, PaymentFlow.UnavailableCode);
        var result = await flow.CreateAsync(http.User.UserId(), request, ct);
        if (result.ContactRequired) return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, PaymentErrors.ContactRequired);
        if (result.CardNotFound is { } cardId)
            return Problems.Create(http, StatusCodes.Status404NotFound, PaymentErrors.CardNotFound, new Dictionary<string, object?> { ["cardId"] = cardId });
        if (result.NotLinked is { } accountId)
            return Problems.Create(http, StatusCodes.Status404NotFound, "payment.account_not_linked", new Dictionary<string, object?> { ["accountId"] = accountId });
        if (result.Payment is not { } p) return Problems.Validation(http, result.Errors.Select(e => Problems.Field(http, e.Field, e.Code)).ToList());
        return TypedResults.Created($"/api/payments/{p.PartitionKey}",
            new PaymentCreatedView(p.PartitionKey, p.Status, p.Amount, p.Commission, p.Total, p.ConfirmationUrl, p.SbpPayload));
    }

    private static async Task<IResult> Get(string id, HttpContext http, PaymentFlow flow, CancellationToken ct)
    {
        if (await flow.FindAsync(id, ct) is not { } p || p.UserId != http.User.UserId())
            return Problems.Create(http, StatusCodes.Status404NotFound, NotFoundCode);
        var items = JsonSerializer.Deserialize<List<PaymentItem>>(p.Items, JsonSerializerOptions.Web) ?? [];
        var pending = !PaymentStatuses.IsFinal(p.Status);
        return TypedResults.Ok(new PaymentView(p.PartitionKey, p.Status, p.Amount, p.Commission, p.Total, items, p.CreatedAt, p.CompletedAt,
            pending ? p.ConfirmationUrl : null, pending ? p.SbpPayload : null,
            p.Status == PaymentStatuses.Succeeded ? $"/api/payments/{p.PartitionKey}/receipt" : null, p.FailureCode));
    }

    private static async Task<IResult> Callback(string gateway, HttpContext http, PaymentFlow flow, CancellationToken ct)
    {
        if (flow.Gateway(gateway) is not { } found) return Problems.Create(http, StatusCodes.Status404NotFound, "payment.gateway_not_found");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new GatewayNotificationRequest(headers, buffer.ToArray(), http.Connection.RemoteIpAddress?.ToString());
        return await flow.NotifiedAsync(found, request, ct) is { } code ? Problems.Create(http, StatusCodes.Status400BadRequest, code) : TypedResults.Ok(new NoticeAcceptedView(true));
    }

    private static async Task<IResult> SandboxPage(string paymentId, SandboxGateway sandbox, PaymentFlow flow, HttpContext http, CancellationToken ct)
    {
        if (await SandboxPaymentAsync(paymentId, sandbox, flow, ct) is not { } entity)
            return Problems.Create(http, StatusCodes.Status404NotFound, NotFoundCode);
        var id = WebUtility.HtmlEncode(paymentId);
        var html = $"""
            <!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Sandbox</title></head><body>
            <h1>Тестовая оплата</h1><p>Сумма: {entity.Total / 100m:0.00} ₽. Статус: {WebUtility.HtmlEncode(entity.Status)}</p>
            <form method="post" action="/api/payments/sandbox/{id}"><button name="outcome" value="succeeded">Оплатить</button></form>
            <form method="post" action="/api/payments/sandbox/{id}"><button name="outcome" value="failed">Отказать</button></form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> SandboxOutcome(string paymentId, HttpContext http, SandboxGateway sandbox, PaymentFlow flow, CancellationToken ct)
    {
        string? outcome;
        if (http.Request.HasFormContentType) outcome = (await http.Request.ReadFormAsync(ct))["outcome"].ToString();
        else
        {
            try { outcome = (await JsonSerializer.DeserializeAsync<SandboxOutcomeRequest>(http.Request.Body, JsonSerializerOptions.Web, ct))?.Outcome; }
            catch (JsonException) { outcome = null; }
        }
        if (outcome is not (PaymentStatuses.Succeeded or PaymentStatuses.Failed))
            return Problems.Validation(http, [Problems.Field(http, "outcome", "payment.outcome_invalid")]);
        if (await SandboxPaymentAsync(paymentId, sandbox, flow, ct) is not { } entity)
            return Problems.Create(http, StatusCodes.Status404NotFound, NotFoundCode);
        await sandbox.SetOutcomeAsync(entity, outcome, ct);
        entity = (await sandbox.FindAsync(entity.PartitionKey, ct))!;
        // A real gateway POSTs this to /api/payments/gateways/sandbox/callback; the sandbox hands it to the same code in-process
        // (the same signature check and re-read), so it works without a public address.
        var (body, signature) = sandbox.Notice(entity);
        var notice = new GatewayNotificationRequest(new Dictionary<string, string> { [WebhookSignature.Header] = signature }, body, null);
        await flow.NotifiedAsync(sandbox, notice, ct);
        var payment = await flow.FindAsync(paymentId, ct);
        return TypedResults.Ok(new SandboxOutcomeView(paymentId, payment?.Status ?? entity.Status));
    }

    private static async Task<SandboxPaymentEntity?> SandboxPaymentAsync(string paymentId, SandboxGateway sandbox, PaymentFlow flow, CancellationToken ct) =>
        flow.Gateway(SandboxGateway.GatewayName) is not null && await flow.FindAsync(paymentId, ct) is { Gateway: SandboxGateway.GatewayName } p ? await sandbox.FindAsync(p.AttemptId, ct) : null;
}
