using Azure.Data.Tables;
using Kabinet.Billing;
using Kabinet.Billing.Penalties;
using Kabinet.Platform.Storage;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kabinet.Tests.Billing;

[TestClass]
public sealed class KeyRateHistoryTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [TestMethod]
    public void The_shipped_history_gives_the_rate_in_force_on_a_day()
    {
        var rates = KeyRateHistory.Shipped;
        Assert.AreEqual(D(2016, 1, 1), rates.Changes[0].EffectiveFrom);
        Assert.AreEqual(11.00m, rates.RateOn(D(2016, 6, 13)));
        Assert.AreEqual(10.50m, rates.RateOn(D(2016, 6, 14)));
        Assert.AreEqual(9.50m, rates.RateOn(D(2022, 2, 27)), "the rate ПП 474 fixes");
        Assert.AreEqual(20.00m, rates.RateOn(D(2022, 2, 28)));
        Assert.AreEqual(21.00m, rates.RateOn(D(2025, 6, 8)));
        Assert.AreEqual(16.00m, rates.RateOn(D(2025, 12, 22)));
        Assert.AreEqual(15.50m, rates.RateOn(D(2026, 2, 16)));
        Assert.AreEqual(11.00m, rates.RateOn(D(2015, 12, 31)), "before the history: its first rate");
        var dates = rates.Changes.Select(c => c.EffectiveFrom).ToList();
        CollectionAssert.AreEqual(dates.Order().ToList(), dates);
        Assert.IsTrue(rates.Changes.Zip(rates.Changes.Skip(1)).All(p => p.First.Rate != p.Second.Rate), "every row is a change");
    }

    [TestMethod]
    public void Operator_rows_replace_and_extend_the_shipped_history()
    {
        var merged = KeyRateHistory.Merge(KeyRateHistory.Shipped, [new(D(2026, 2, 16), 15.25m), new(D(2026, 3, 23), 15.00m)]);
        Assert.AreEqual(15.25m, merged.RateOn(D(2026, 3, 22)));
        Assert.AreEqual(15.00m, merged.RateOn(D(2026, 12, 2)));
        Assert.AreEqual(16.00m, merged.RateOn(D(2026, 2, 15)));
    }

    [TestMethod]
    public async Task KeyRates_reads_the_table_merged_with_the_shipped_history_and_refreshes()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Tables.PrefixSetting] = TestEnvironment.UniqueName("kr") }).Build();
        var tables = new BillingTables(new Tables(new TableServiceClient(TestEnvironment.StorageConnectionString), config));
        await tables.KeyRates.CreateIfNotExistsAsync();
        await tables.KeyRates.UpsertEntityAsync(new KeyRateEntity { RowKey = "2026-03-23", Rate = "15.00" });
        await tables.KeyRates.UpsertEntityAsync(new KeyRateEntity { RowKey = "not-a-date", Rate = "1" });
        var clock = new TestClock(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var service = new KeyRates(tables, clock, NullLogger<KeyRates>.Instance);

        Assert.AreEqual(15.00m, (await service.CurrentAsync(default)).RateOn(D(2026, 12, 2)));
        await tables.KeyRates.UpsertEntityAsync(new KeyRateEntity { RowKey = "2026-04-27", Rate = "14.50" });
        Assert.AreEqual(15.00m, (await service.CurrentAsync(default)).RateOn(D(2026, 12, 2)), "read once per refresh");
        clock.Advance(KeyRates.Refresh);
        var history = await service.CurrentAsync(default);
        Assert.AreEqual(14.50m, history.RateOn(D(2026, 12, 2)));
        Assert.AreEqual(15.50m, history.RateOn(D(2026, 3, 22)));
    }
}
