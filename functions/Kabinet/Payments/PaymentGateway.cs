namespace Kabinet.Payments;

/// <summary>
/// What the payment flow needs of a gateway, and nothing more: the flow never knows which one it talks to. Shaped so
/// YooKassa fits: a notification is only a hint (<see cref="ReadNotification"/> names the payment), and the flow always
/// asks <see cref="GetAsync"/> for the truth before acting; the request carries the 54-FZ receipt and the ГИС ЖКХ payment
/// orders.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The name in routes and on the payment (sandbox, yookassa).</summary>
    string Name { get; }

    /// <summary>Creates the payment at the gateway. The same <see cref="GatewayPaymentRequest.IdempotencyKey"/> gives the same payment.</summary>
    Task<GatewayPayment> CreateAsync(GatewayPaymentRequest request, CancellationToken ct);

    /// <summary>The gateway's current view of a payment, by the idempotency key it was created with; null when it never saw it.</summary>
    Task<GatewayPayment?> GetAsync(string idempotencyKey, CancellationToken ct);

    /// <summary>
    /// Checks a notification (signature, timestamp, or the sender's address) and names the payment it is about — the app's
    /// payment id, as the gateway echoes it back (YooKassa's metadata, the sandbox's body) — or says why it is refused.
    /// </summary>
    GatewayNotice ReadNotification(GatewayNotificationRequest request);
}

public sealed record GatewayPaymentRequest(
    string IdempotencyKey,
    string PaymentId,
    long Total,
    string Description,
    string Method,
    string? CardToken,
    bool SaveCard,
    string? ReturnUrl,
    string ReceiptJson,
    string PaymentOrdersJson);

/// <summary>The gateway's answer; <see cref="Status"/> is one of <see cref="PaymentStatuses"/>.</summary>
public sealed record GatewayPayment(
    string GatewayPaymentId,
    string Status,
    string? ConfirmationUrl,
    string? SbpPayload,
    GatewaySavedCard? Card,
    string? FailureCode);

public sealed record GatewaySavedCard(string Token, string Masked, string Expiry)
{
    /// <summary>Never the token: a record's generated text would print it into any log that formats the card.</summary>
    public override string ToString() => $"GatewaySavedCard {{ Masked = {Masked}, Expiry = {Expiry} }}";
}

public sealed record GatewayNotificationRequest(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body, string? ClientAddress);

/// <summary>A notification read: the payment it names (only a hint: the flow asks the gateway), or the code it was refused with.</summary>
public sealed record GatewayNotice(string? PaymentId, string? Rejection)
{
    public static GatewayNotice About(string paymentId) => new(paymentId, null);
    public static GatewayNotice Refused(string code) => new(null, code);
}
