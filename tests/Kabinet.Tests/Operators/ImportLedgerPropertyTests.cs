using Azure.Data.Tables;
using CsCheck;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Operators;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Kabinet.Tests.Operators;

/// <summary>
/// For any sequence of accounts, ledger and payments imports (random subsets of rows, repeated, reordered, some running
/// at the same time) every account's Balance equals the sum of its entries, and a payment document is credited to one
/// account only. The chunks go straight through <see cref="ImportBatch"/> on tables of their own in Azurite.
/// </summary>
[TestClass]
public sealed class ImportLedgerPropertyTests
{
    private static readonly TableServiceClient Service = new(TestEnvironment.StorageConnectionString);
    private static readonly string Prefix = "prop" + Guid.NewGuid().ToString("N")[..8];
    private static readonly Tables All = new(Service, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Tables.PrefixSetting] = Prefix }).Build());
    private static readonly AccountTables Accounts = new(All);
    private static readonly ProviderTables Providers = new(All);
    private static readonly BillingTables Billing = new(All);

    [ClassInitialize]
    public static async Task Create(TestContext _) =>
        await Task.WhenAll(Accounts.CreateAllAsync(CancellationToken.None), Providers.CreateAllAsync(CancellationToken.None), Billing.CreateAllAsync(CancellationToken.None));

    [ClassCleanup]
    public static async Task Drop()
    {
        await foreach (var table in Service.QueryAsync(t => t.Name.CompareTo(Prefix) >= 0 && t.Name.CompareTo(Prefix + "~") < 0))
            await Service.DeleteTableAsync(table.Name);
    }

    private static readonly string[] Kinds = ["accounts", "ledger", "payments"];

    /// <summary>The rows each kind may draw from: clashes on purpose (a changed opening balance, a changed charge, a document for two accounts, unknown accounts).</summary>
    private static Dictionary<string, string?>[] Pool(string kind, string p) => kind switch
    {
        "accounts" =>
        [
            new() { ["providerId"] = p, ["number"] = "A1", ["openingBalance"] = "1000" },
            new() { ["providerId"] = p, ["number"] = "A1", ["openingBalance"] = "2000" },
            new() { ["providerId"] = p, ["number"] = "A2" },
            new() { ["providerId"] = p, ["number"] = "A3", ["openingBalance"] = "-500", ["openingDueDate"] = "2024-05-10" },
            new() { ["providerId"] = p, ["number"] = "A2", ["openingBalance"] = "0", ["holderName"] = "Петров" },
        ],
        "ledger" =>
        [
            Ledger(p, "A1", "charge", "5000", "B1", dueDate: "2025-02-10", service: "electricity"),
            Ledger(p, "A1", "charge", "5001", "B1", dueDate: "2025-02-10", service: "electricity"),
            Ledger(p, "A1", "payment", "3000", "D1"),
            Ledger(p, "A2", "payment", "3000", "D1"),
            Ledger(p, "A2", "charge", "700", "B2", dueDate: "2025-02-10", service: "electricity"),
            Ledger(p, "A3", "correction", "-100", "K1"),
            Ledger(p, "A1", "correction", "50", "K2", corrects: "B1"),
            Ledger(p, "A3", "opening", "900", null, dueDate: "2024-01-10"),
            Ledger(p, "A4", "charge", "100", "B3", dueDate: "2025-02-10", service: "electricity"),
        ],
        _ =>
        [
            new() { ["providerId"] = p, ["accountNumber"] = "A1", ["date"] = "2025-01-31", ["amount"] = "3000", ["documentNumber"] = "D1" },
            new() { ["providerId"] = p, ["accountNumber"] = "A2", ["date"] = "2025-01-31", ["amount"] = "3000", ["documentNumber"] = "D2" },
            new() { ["providerId"] = p, ["accountNumber"] = "A3", ["date"] = "2025-01-31", ["amount"] = "400", ["documentNumber"] = "D1" },
            new() { ["providerId"] = p, ["accountNumber"] = "A1", ["date"] = "2025-01-31", ["amount"] = "3001", ["documentNumber"] = "D1" },
        ],
    };

    private static Dictionary<string, string?> Ledger(string p, string number, string kind, string amount, string? document, string? dueDate = null, string? service = null, string? corrects = null) => new()
    {
        ["providerId"] = p, ["accountNumber"] = number, ["date"] = "2025-01-31", ["kind"] = kind, ["amount"] = amount, ["documentNumber"] = document,
        ["dueDate"] = dueDate, ["service"] = service, ["corrects"] = corrects,
    };

    /// <summary>One import: its kind, the pool rows it holds (in this order, repeats allowed), and whether it runs alongside the next one.</summary>
    private static readonly Gen<(int Kind, int[] Rows, bool Together)[]> Imports =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 8].Array[1, 7], Gen.Bool).Array[1, 7];

    private static async Task RunAsync(string kind, string p, int[] picks, DateTimeOffset at)
    {
        var pool = Pool(kind, p);
        var rows = picks.Select((pick, i) => new SourceRow(i + 1, null, kind, i, new Dictionary<string, string?>(pool[pick % pool.Length].Where(f => f.Value is not null)))).ToList();
        await new ImportBatch(Accounts, Providers, Billing, 4, at, CancellationToken.None).ProcessAsync(kind, rows);
    }

    [TestMethod]
    public async Task The_balance_is_the_sum_of_the_entries_after_any_imports()
    {
        await Imports.SampleAsync(async imports =>
        {
            var p = TestEnvironment.UniqueName("prov");
            await new ImportBatch(Accounts, Providers, Billing, 4, DateTimeOffset.UtcNow, CancellationToken.None).ProcessAsync("providers",
                [new SourceRow(1, null, "providers", 0, new() { ["providerId"] = p, ["name"] = "Энерго", ["timeZone"] = "Asia/Omsk" })]);
            await new ImportBatch(Accounts, Providers, Billing, 4, DateTimeOffset.UtcNow, CancellationToken.None).ProcessAsync("services",
                [new SourceRow(1, null, "services", 0, new() { ["providerId"] = p, ["service"] = "electricity", ["name"] = "Электроэнергия" })]);
            var at = DateTimeOffset.UtcNow;
            for (var i = 0; i < imports.Length; i++)
            {
                var (kind, rows, together) = imports[i];
                if (together && i + 1 < imports.Length)
                {
                    var next = imports[++i];
                    await Task.WhenAll(RunAsync(Kinds[kind], p, rows, at), RunAsync(Kinds[next.Kind], p, next.Rows, at.AddMinutes(1)));
                }
                else await RunAsync(Kinds[kind], p, rows, at.AddMinutes(i));
            }

            var credited = new Dictionary<string, string>();
            foreach (var number in new[] { "A1", "A2", "A3", "A4" })
            {
                var id = AccountIds.For(p, number);
                var partition = new List<TableEntity>();
                await foreach (var e in Accounts.Accounts.QueryAsync<TableEntity>(e => e.PartitionKey == id)) partition.Add(e);
                var account = partition.SingleOrDefault(e => e.RowKey == AccountEntity.Row);
                var entries = partition.Where(e => e.RowKey.StartsWith(LedgerEntryEntity.Prefix)).ToList();
                if (account is null)
                {
                    Assert.AreEqual(0, entries.Count, $"{number}: entries without an account");
                    continue;
                }
                Assert.AreEqual(entries.Sum(e => e.GetInt64("Amount")!.Value), account.GetInt64("Balance"), $"{number}: Balance == Σ entries");
                foreach (var payment in entries.Where(e => e.GetString("Kind") == LedgerKinds.Payment))
                {
                    var document = payment.GetString("DocumentNumber");
                    Assert.IsTrue(credited.TryAdd(document, id), $"document {document} credited to two accounts");
                    var claim = (await Billing.PaymentDocuments.GetEntityAsync<PaymentDocumentEntity>(p, TableKeys.Escape(document))).Value;
                    Assert.AreEqual(id, claim.AccountId, $"document {document}: the claim names the account credited");
                }
            }
        }, iter: 25, threads: 4);
    }
}
