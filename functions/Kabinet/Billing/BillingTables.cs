using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing;

/// <summary>Billing's own tables. The money of an account (ledger, bills, meter billing state) lives in its partition of `accounts`.</summary>
public sealed class BillingTables(Tables tables)
{
    public static class Names
    {
        public const string Runs = "billingruns";
        public const string Parked = "billingparked";
        public const string KeyRates = "keyrates";
        public const string PaymentDocuments = "paymentdocs";

        public static readonly string[] All = [Runs, Parked, KeyRates, PaymentDocuments];
    }

    /// <summary>PK = "run", RK = run id; and PK = run id, RK = "slice|00001" for its slices.</summary>
    public TableClient Runs => tables.Get(Names.Runs);
    /// <summary>PK = provider id, RK = account id: accounts a run skipped, with the reason, until released.</summary>
    public TableClient Parked => tables.Get(Names.Parked);
    /// <summary>PK = "keyrate", RK = yyyy-MM-dd: the Bank of Russia key rate from that day (overrides the shipped history).</summary>
    public TableClient KeyRates => tables.Get(Names.KeyRates);
    /// <summary>PK = provider id, RK = payment document number → account id: a payment is credited once per provider and document.</summary>
    public TableClient PaymentDocuments => tables.Get(Names.PaymentDocuments);

    public Task CreateAllAsync(CancellationToken ct) => tables.CreateAsync(Names.All, ct);
}

/// <summary>keyrates: the Bank of Russia key rate in force from EffectiveFrom (RK), as a percentage ("16.00").</summary>
public sealed class KeyRateEntity : ITableEntity
{
    public const string Partition = "keyrate";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    /// <summary>Percent per year as an invariant decimal string, e.g. "16.5".</summary>
    public string Rate { get; set; } = "0";
}

/// <summary>paymentdocs: PK = provider id, RK = document number (escaped by TableKeys) → the account it was credited to.</summary>
public sealed class PaymentDocumentEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string AccountId { get; set; } = "";
    public string EntryRowKey { get; set; } = "";
}
