using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Readings;

/// <summary>Accounts with meters, history and tariffs written straight into the tables, linked to a user without the proof flow.</summary>
public static class ReadingsData
{
    private static AccountTables Tables => AccountData.Tables;

    public static async Task<(ProviderEntity Provider, string AccountId)> AccountAsync(string userId, int readingsDay = 25, long balance = 22672)
    {
        var provider = await AccountData.ProviderAsync();
        if (provider.ReadingsDay != readingsDay)
        {
            provider.ReadingsDay = readingsDay;
            await AccountData.ProviderTables.Providers.UpsertEntityAsync(provider, TableUpdateMode.Replace);
        }
        var account = await AccountData.AccountAsync(provider, balance);
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|T1|2026-01-01", Service = "electricity", ZoneSet = "T1", EffectiveFrom = "2026-01-01",
            Bands = """[{"upTo":null,"rates":{"T1":"5.00"}}]""",
        });
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|T1|2027-01-01", Service = "electricity", ZoneSet = "T1", EffectiveFrom = "2027-01-01",
            Bands = """[{"upTo":null,"rates":{"T1":"9.00"}}]""",
        });
        await AccountData.ProviderTables.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = provider.ProviderId, RowKey = "electricity|day-night|2026-07-01", Service = "electricity", ZoneSet = "day-night", EffectiveFrom = "2026-07-01",
            Bands = """[{"upTo":null,"rates":{"day":"6.10","night":"3.20"}}]""",
        });
        await Tables.Links.UpsertEntityAsync(new LinkEntity
        {
            PartitionKey = userId, RowKey = account.Id, ProviderId = provider.ProviderId, Number = account.Number, ProofMethod = "lastBill", LinkedAt = DateTimeOffset.UtcNow,
        });
        await Tables.Accounts.UpsertEntityAsync(new AccountUserEntity { PartitionKey = account.Id, RowKey = AccountUserEntity.RowFor(userId), LinkedAt = DateTimeOffset.UtcNow });
        return (provider, account.Id);
    }

    public static async Task<string> MeterAsync(string accountId, string zoneSet = "T1", int digits = 6, int fraction = 0, bool remote = false,
        string state = "active", string verifiedUntil = "2035-01-01")
    {
        var serial = "R" + Guid.NewGuid().ToString("N")[..10];
        await Tables.Accounts.UpsertEntityAsync(new MeterEntity
        {
            PartitionKey = accountId, RowKey = MeterEntity.RowFor(serial), Serial = serial, Model = "Нева", ZoneSet = zoneSet, Digits = digits,
            FractionDigits = fraction, RemoteRead = remote, State = state, VerifiedUntil = verifiedUntil,
        });
        return serial;
    }

    public static Task ReadingAsync(string accountId, string serial, string date, string valuesJson, string status = "accepted", string channel = "import") =>
        Tables.Accounts.UpsertEntityAsync(new ReadingRecordEntity
        {
            PartitionKey = accountId, RowKey = ReadingRecordEntity.RowFor(serial, date), Serial = serial, Date = date, Values = valuesJson,
            Channel = channel, Status = status, SubmittedAt = DateTimeOffset.Parse(date + "T06:00:00Z"),
        });

    /// <summary>Monthly T1 readings on the 25th from <paramref name="firstMonth"/>, <paramref name="perMonth"/> apart, wrapping at the capacity.</summary>
    public static async Task HistoryAsync(string accountId, string serial, int months, decimal start, decimal perMonth, int digits = 6, string lastStatus = "accepted")
    {
        var date = new DateOnly(2026, 10, 25).AddMonths(-(months - 1));
        var capacity = (decimal)Math.Pow(10, digits);
        for (var i = 0; i < months; i++)
        {
            var value = (start + perMonth * i) % capacity;
            await ReadingAsync(accountId, serial, date.ToString("yyyy-MM-dd"), $$"""{"T1":"{{value}}"}""", i == months - 1 ? lastStatus : "billed");
            date = date.AddMonths(1);
        }
    }

    public static async Task<List<ReadingRecordEntity>> RowsAsync(string accountId, string serial)
    {
        var rows = new List<ReadingRecordEntity>();
        var prefix = ReadingRecordEntity.PrefixFor(serial);
        await foreach (var r in Tables.Accounts.QueryAsync<ReadingRecordEntity>(x => x.PartitionKey == accountId && x.RowKey.CompareTo(prefix) >= 0 && x.RowKey.CompareTo(prefix + "~") < 0))
            rows.Add(r);
        return rows;
    }
}

public static class ReadingsCalls
{
    public static Task<Reply> SubmitAsync(this HttpClient client, TestUser user, string accountId, string serial, object values, bool? confirm = null, string? key = null) =>
        client.SendAsync(user, HttpMethod.Post, $"/api/accounts/{accountId}/meters/{serial}/readings",
            confirm is null ? new { values } : new { values, confirmImplausible = confirm }, idempotencyKey: key);

    public static JsonElement ErrorOf(this Reply reply, string field) =>
        reply.Body.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == field);
}
