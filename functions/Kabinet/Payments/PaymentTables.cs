using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Payments;

public sealed class PaymentTables(Tables tables)
{
    public static class Names
    {
        public const string Payments = "payments";
        public const string Cards = "paymentcards";
        /// <summary>The sandbox gateway's own records (what it was sent, its outcome): the gateway's side, not the app's.</summary>
        public const string Sandbox = "sandboxgateway";

        public static readonly string[] All = [Payments, Cards, Sandbox];
    }

    /// <summary><see cref="PaymentEntity"/> (PK = payment id) and <see cref="UserPaymentEntity"/> (PK = "user|{id}").</summary>
    public TableClient Payments => tables.Get(Names.Payments);
    /// <summary>PK = user id, RK = card id: saved cards (the gateway's token, masked number, expiry).</summary>
    public TableClient Cards => tables.Get(Names.Cards);
    public TableClient Sandbox => tables.Get(Names.Sandbox);

    /// <summary>The payment by its id, or null; an id that is no payment id never reaches a table key.</summary>
    public async Task<PaymentEntity?> PaymentAsync(string? paymentId, CancellationToken ct)
    {
        if (!PaymentRules.IsPaymentId(paymentId)) return null;
        var found = await Payments.GetEntityIfExistsAsync<PaymentEntity>(paymentId, PaymentEntity.Row, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    public Task CreateAllAsync(CancellationToken ct) => tables.CreateAsync(Names.All, ct);
}
