using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Kabinet.Payments;

/// <summary>sandboxgateway: PK = idempotency key, RK = "payment" — what the sandbox was sent and the outcome it was given.</summary>
public sealed class SandboxPaymentEntity : ITableEntity
{
    public const string Row = "payment";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string PaymentId { get; set; } = "";
    public string GatewayPaymentId { get; set; } = "";
    public string Status { get; set; } = PaymentStatuses.Pending;
    public string Method { get; set; } = "";
    public long Total { get; set; }
    /// <summary>JSON of the whole <see cref="GatewayPaymentRequest"/> (a saved card's token too: the gateway's side of it).</summary>
    public string Request { get; set; } = "";
    /// <summary>The payer asked to save the card: the token it gets once the payment succeeds, made when the payment is.</summary>
    public string? NewCardToken { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A gateway that lives in the app: it keeps its payments in its own table, and its confirmation page
/// (<c>/api/payments/sandbox/{paymentId}</c>) lets a tester pick the outcome, which it then notifies signed as a real one would.
/// A payment by a saved card's token is pending on that page too, as a real gateway's 3-D Secure step: it is charged only
/// once the payer confirms it. A card asked to be saved comes back (token, masked number, expiry) once the payment succeeded.
/// </summary>
public sealed class SandboxGateway(PaymentTables tables, IConfiguration config, TimeProvider clock) : IPaymentGateway
{
    public const string GatewayName = "sandbox";
    public const string EnabledSetting = "Payments:Sandbox:Enabled";
    public string Name => GatewayName;

    /// <summary>In Development always; elsewhere only with <see cref="EnabledSetting"/> true (a trial deployment, never real money).</summary>
    public static bool IsEnabled(IHostEnvironment environment, IConfiguration config) =>
        environment.IsDevelopment() || config.GetValue<bool>(EnabledSetting);

    public IReadOnlyList<string> Secrets => WebhookSignature.Secrets(config["Payments:Sandbox:WebhookSecrets"]);

    public async Task<GatewayPayment> CreateAsync(GatewayPaymentRequest request, CancellationToken ct)
    {
        var entity = new SandboxPaymentEntity
        {
            PartitionKey = request.IdempotencyKey, PaymentId = request.PaymentId, GatewayPaymentId = "sbx-" + request.IdempotencyKey,
            Method = request.Method, Total = request.Total, Request = JsonSerializer.Serialize(request, JsonSerializerOptions.Web),
            NewCardToken = request.SaveCard ? "sbx-card-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null,
            CreatedAt = clock.GetUtcNow(),
        };
        try { await tables.Sandbox.AddEntityAsync(entity, ct); }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            entity = (await tables.Sandbox.GetEntityAsync<SandboxPaymentEntity>(request.IdempotencyKey, SandboxPaymentEntity.Row, cancellationToken: ct)).Value;
        }
        return View(entity);
    }

    public async Task<GatewayPayment?> GetAsync(string idempotencyKey, CancellationToken ct) =>
        await FindAsync(idempotencyKey, ct) is { } e ? View(e) : null;

    public async Task<SandboxPaymentEntity?> FindAsync(string idempotencyKey, CancellationToken ct)
    {
        var found = await tables.Sandbox.GetEntityIfExistsAsync<SandboxPaymentEntity>(idempotencyKey, SandboxPaymentEntity.Row, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Records the tester's outcome (once: a final outcome stays).</summary>
    public async Task SetOutcomeAsync(SandboxPaymentEntity entity, string outcome, CancellationToken ct)
    {
        // Two testers clicking at once: one outcome wins, the other finds it final on the re-read.
        for (var current = entity; !PaymentStatuses.IsFinal(current.Status); current = (await FindAsync(entity.PartitionKey, ct))!)
        {
            current.Status = outcome;
            try
            {
                await tables.Sandbox.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412) { }
        }
    }

    public GatewayNotice ReadNotification(GatewayNotificationRequest request)
    {
        var header = request.Headers.FirstOrDefault(h => string.Equals(h.Key, WebhookSignature.Header, StringComparison.OrdinalIgnoreCase)).Value;
        if (WebhookSignature.Check(header, request.Body.Span, Secrets, clock.GetUtcNow()) is { } refused) return GatewayNotice.Refused(refused);
        return PaymentIdOf(request.Body) is { } id ? GatewayNotice.About(id) : GatewayNotice.Refused(WebhookSignature.InvalidCode);
    }

    /// <summary>The signed notice body a real gateway would POST to <c>/api/payments/gateways/sandbox/callback</c>.</summary>
    public (byte[] Body, string Signature) Notice(SandboxPaymentEntity entity)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { paymentId = entity.PaymentId, idempotencyKey = entity.PartitionKey, status = entity.Status });
        return (body, WebhookSignature.Sign(Secrets.FirstOrDefault() ?? "", clock.GetUtcNow().ToUnixTimeSeconds(), body));
    }

    private static string? PaymentIdOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("paymentId", out var id)
                && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    public static string ConfirmationUrl(string paymentId) => $"/api/payments/sandbox/{paymentId}";

    /// <summary>The sandbox's test card, as a gateway shows a saved one.</summary>
    public const string TestCardMasked = "4242 •••• •••• 4242";
    public const string TestCardExpiry = "12/30";

    private static GatewayPayment View(SandboxPaymentEntity e) => new(e.GatewayPaymentId, e.Status, ConfirmationUrl(e.PaymentId),
        e.Method == "sbp" ? $"https://qr.nspk.ru/sandbox/{e.PaymentId}" : null,
        e is { Status: PaymentStatuses.Succeeded, NewCardToken: { } token } ? new GatewaySavedCard(token, TestCardMasked, TestCardExpiry) : null,
        e.Status == PaymentStatuses.Failed ? "sandbox_declined" : null);
}
