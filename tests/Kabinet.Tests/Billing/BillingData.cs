using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Billing;

/// <summary>A provider and its accounts written straight into a <see cref="BillingApp"/>'s tables.</summary>
public static class BillingData
{
    /// <summary>Europe/Moscow, readings day 25, bills due on the 15th; electricity (T1 5.00, day/night 6.10/3.20 ₽/kWh), solid waste 120 ₽ per resident, a norm of 100 kWh per person.</summary>
    public static async Task<ProviderEntity> ProviderAsync(BillingApp app, string? id = null, string timeZone = "Europe/Moscow")
    {
        var provider = new ProviderEntity
        {
            RowKey = id ?? TestEnvironment.UniqueName("prov"), Name = "АО «Тестэнерго»", Inn = "5503248039", Kpp = "550301001", TimeZone = timeZone,
            ReadingsDay = 25, BillDueDay = 15, Phone = "+7 3812 00-00-00",
        };
        await app.Providers.Providers.UpsertEntityAsync(provider, TableUpdateMode.Replace);
        var p = provider.ProviderId;
        await app.Providers.Services.UpsertEntityAsync(new ServiceEntity { PartitionKey = p, RowKey = "electricity", Name = "Электроэнергия", Unit = "kWh", Kind = "metered" });
        await app.Providers.Services.UpsertEntityAsync(new ServiceEntity { PartitionKey = p, RowKey = "solid_waste", Name = "Обращение с ТКО", Unit = "person", Kind = "fixed", FixedAmount = 12000 });
        await app.Providers.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = p, RowKey = "electricity|T1|2026-01-01", Service = "electricity", ZoneSet = "T1", EffectiveFrom = "2026-01-01", Bands = """[{"upTo":null,"rates":{"T1":"5.00"}}]""",
        });
        await app.Providers.Tariffs.UpsertEntityAsync(new TariffEntity
        {
            PartitionKey = p, RowKey = "electricity|day-night|2026-01-01", Service = "electricity", ZoneSet = "day-night", EffectiveFrom = "2026-01-01",
            Bands = """[{"upTo":null,"rates":{"day":"6.10","night":"3.20"}}]""",
        });
        await app.Providers.Norms.UpsertEntityAsync(new NormEntity { PartitionKey = p, RowKey = "2|2|gas", Rooms = 2, Residents = 2, Stove = "gas", KwhPerPerson = "100" });
        return provider;
    }

    /// <summary>
    /// An account (2 rooms, 2 residents, gas stove) with one meter and its readings (date → values JSON, status), an opening debt
    /// (as an opening entry due on <paramref name="openingDue"/>) and the index row a run lists.
    /// </summary>
    public static async Task<SeededBillingAccount> AccountAsync(BillingApp app, ProviderEntity provider, string zoneSet = "T1", long opening = 0,
        string openingDue = "2026-10-15", params (string Date, string Values, string Status)[] readings)
    {
        var number = TestEnvironment.UniqueName("ls").ToUpperInvariant()[..12];
        var id = AccountIds.For(provider.ProviderId, number);
        var serial = "M" + number;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, new AccountEntity
            {
                PartitionKey = id, ProviderId = provider.ProviderId, Number = number, HolderName = "Иванов Иван Иванович", Address = "г. Омск, ул. Ленина, д. 1, кв. 1",
                Rooms = 2, Residents = 2, Area = "54.3", Stove = "gas", OpeningBalance = opening, Balance = opening,
            }),
            new(TableTransactionActionType.UpsertReplace, new MeterEntity
            {
                PartitionKey = id, RowKey = MeterEntity.RowFor(serial), Serial = serial, Model = "Меркурий 201", Service = "electricity", ZoneSet = zoneSet, Digits = 6,
                VerifiedUntil = "2032-01-01",
            }),
        };
        if (opening != 0)
            actions.Add(new(TableTransactionActionType.UpsertReplace, new LedgerEntryEntity
            {
                PartitionKey = id, RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Opening, openingDue, ""), Kind = LedgerKinds.Opening, Amount = opening,
                Date = openingDue, DueDate = openingDue, Source = LedgerSources.Import, RecordedAt = DateTimeOffset.UnixEpoch,
            }));
        foreach (var (date, values, status) in readings)
            actions.Add(new(TableTransactionActionType.UpsertReplace, new ReadingRecordEntity
            {
                PartitionKey = id, RowKey = ReadingRecordEntity.RowFor(serial, date), Serial = serial, Date = date, Values = values, Status = status,
                Channel = ReadingChannels.Import, SubmittedAt = DateTimeOffset.Parse(date + "T09:00:00+03:00"),
            }));
        await app.Accounts.Accounts.SubmitTransactionAsync(actions);
        await app.Accounts.AccountIndex.UpsertEntityAsync(new AccountIndexEntity { PartitionKey = provider.ProviderId, RowKey = AccountIds.NormalizeNumber(number), AccountId = id });
        return new SeededBillingAccount(id, provider.ProviderId, number, serial);
    }

    public static async Task PaymentAsync(BillingApp app, string accountId, string date, long amount, string document)
    {
        var account = await app.AccountAsync(accountId);
        await app.Accounts.Accounts.SubmitTransactionAsync([
            new(TableTransactionActionType.Add, new LedgerEntryEntity
            {
                PartitionKey = accountId, RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Payment, document), Kind = LedgerKinds.Payment, Amount = -amount, Date = date,
                DocumentNumber = document, Channel = "bank", Source = LedgerSources.Import, RecordedAt = DateTimeOffset.UnixEpoch,
            }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(accountId, AccountEntity.Row) { ["Balance"] = account.Balance - amount }, account.ETag),
        ]);
    }

    public static BillDocument Document(BillEntity bill) => JsonSerializer.Deserialize<BillDocument>(bill.Document!, JsonSerializerOptions.Web)!;
}
