using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Providers;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

public static class AccountsApi
{
    public static Task<Reply> LinkAsync(this HttpClient client, TestUser user, SeededAccount account, object verification, string? alias = null, string? groupId = null) =>
        client.SendAsync(user, HttpMethod.Post, "/api/accounts", new { providerId = account.ProviderId, number = account.Number, verification, alias, groupId });

    /// <summary>Links with the last-bill proof and asserts 201.</summary>
    public static async Task<string> LinkOkAsync(this HttpClient client, TestUser user, SeededAccount account, string? alias = null, string? groupId = null)
    {
        var r = await client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal }, alias, groupId);
        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        return r.Body.GetProperty("id").GetString()!;
    }

    public static async Task<List<JsonElement>> AccountsAsync(this HttpClient client, TestUser user, string? groupId = null)
    {
        var r = await client.SendAsync(user, HttpMethod.Get, "/api/accounts" + (groupId is null ? "" : "?groupId=" + Uri.EscapeDataString(groupId)));
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Items;
    }
}

/// <summary>An account the tests put into the tables, with the facts its proofs need.</summary>
public sealed record SeededAccount(string ProviderId, string Number, string Id, string PaymentDate, long PaymentAmount, string MeterSerial, long LastBillTotal);

/// <summary>Provider and account data written straight into the tables, under provider ids unique to each test.</summary>
public static class AccountData
{
    private static readonly TableServiceClient Service = new(TestEnvironment.StorageConnectionString);
    private static readonly Kabinet.Platform.Storage.Tables AllTables = new(Service, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
    public static readonly AccountTables Tables = new(AllTables);
    public static readonly Kabinet.Providers.ProviderTables ProviderTables = new(AllTables);
    private static readonly Lazy<Task> Created = new(() => Task.WhenAll(Tables.CreateAllAsync(CancellationToken.None), ProviderTables.CreateAllAsync(CancellationToken.None)));

    public static async Task<ProviderEntity> ProviderAsync(string acceptedProofs = "lastPayment,meterSerial,lastBill", string? name = null)
    {
        await Created.Value;
        var provider = new ProviderEntity
        {
            RowKey = TestEnvironment.UniqueName("prov"), Name = name ?? "Тестовая энергосбытовая компания", Inn = "5503000000",
            Phone = "+73812000000", Email = "info@example.com", Website = "https://example.com", LegalAddress = "644000, г. Омск",
            TimeZone = "Asia/Omsk", ReadingsDay = 25, AcceptedProofs = acceptedProofs,
        };
        await ProviderTables.Providers.AddEntityAsync(provider);
        return provider;
    }

    private static int _serial;

    /// <summary>
    /// An account with two payments (the later one is the proof), an active and a decommissioned meter,
    /// and two bills (the later one is the proof).
    /// </summary>
    public static async Task<SeededAccount> AccountAsync(ProviderEntity provider, long balance = 22672, string? number = null)
    {
        await Created.Value;
        number ??= "20710" + Random.Shared.NextInt64(100_000, 999_999);
        var id = AccountIds.For(provider.ProviderId, number);
        var n = Interlocked.Increment(ref _serial);
        var serial = $"3800{n:D4}{Random.Shared.Next(1000, 9999)}";
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, new AccountEntity
            {
                PartitionKey = id, ProviderId = provider.ProviderId, Number = number, HolderName = "Иванов И. И.",
                Address = "644005 Омская обл., г. Омск, ул. Карбышева, дом 6 кв. 105", Rooms = 2, Residents = 1, Area = "54.3", Stove = "electric",
                OpeningBalance = 0, Balance = balance,
            }),
            new(TableTransactionActionType.UpsertReplace, new MeterEntity
            {
                PartitionKey = id, RowKey = MeterEntity.RowFor(serial), Serial = serial, Model = "Меркурий 200", ZoneSet = "day-night",
                Digits = 6, FractionDigits = 1, InstalledOn = "2019-03-01", VerifiedUntil = "2035-03-01", AccuracyClass = "1.0",
                Location = "лестничная площадка", RemoteRead = false, State = "active",
            }),
            new(TableTransactionActionType.UpsertReplace, new MeterEntity
            {
                PartitionKey = id, RowKey = MeterEntity.RowFor("OLD" + serial), Serial = "OLD" + serial, Model = "СО-505", State = "decommissioned",
            }),
            // The ledger sums to the balance: an opening debt, two payments.
            new(TableTransactionActionType.UpsertReplace, Entry(id, LedgerKinds.Opening, balance + 250000, "2024-12-31", "2025-01-10", LedgerEntryEntity.RowFor(LedgerKinds.Opening, "2025-01-10", ""))),
            new(TableTransactionActionType.UpsertReplace, Entry(id, LedgerKinds.Payment, -100000, "2025-01-15", null, LedgerEntryEntity.RowFor(LedgerKinds.Payment, "1"), "1")),
            new(TableTransactionActionType.UpsertReplace, Entry(id, LedgerKinds.Payment, -150000, "2025-02-14", null, LedgerEntryEntity.RowFor(LedgerKinds.Payment, "2"), "2")),
            new(TableTransactionActionType.UpsertReplace, new BillEntity { PartitionKey = id, RowKey = BillEntity.RowFor("2025-01"), Period = "2025-01", Total = 331969, AmountDue = 331969 }),
            new(TableTransactionActionType.UpsertReplace, new BillEntity { PartitionKey = id, RowKey = BillEntity.RowFor("2025-02"), Period = "2025-02", Total = 22672, AmountDue = 22672 }),
        };
        await Tables.Accounts.SubmitTransactionAsync(batch);
        return new SeededAccount(provider.ProviderId, number, id, "2025-02-14", 150000, serial, 22672);
    }

    private static LedgerEntryEntity Entry(string id, string kind, long amount, string date, string? dueDate, string rowKey, string? document = null) => new()
    {
        PartitionKey = id, RowKey = rowKey, Kind = kind, Amount = amount, Date = date, DueDate = dueDate, DocumentNumber = document,
        Source = LedgerSources.Import, RecordedAt = DateTimeOffset.Parse("2025-03-01T00:00:00Z"),
    };

    public static async Task<AccountEntity> ReadAccountAsync(string id) =>
        (await Tables.Accounts.GetEntityAsync<AccountEntity>(id, AccountEntity.Row)).Value;
}
