using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform.Storage;

/// <summary>The one read-modify-write loop under ETag, against real Azurite: a lost race (412) reads again, the attempts are bounded, the change may decline.</summary>
[TestClass]
public sealed class TableUpdatesTests
{
    private static TableClient _table = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _table = new TableServiceClient(TestEnvironment.StorageConnectionString).GetTableClient(TestEnvironment.UniqueName("tupdates"));
        await _table.CreateIfNotExistsAsync();
    }

    [ClassCleanup]
    public static Task Stop() => _table.DeleteAsync();

    private static async Task<string> SeedAsync(int count = 0)
    {
        var key = Guid.NewGuid().ToString("N");
        await _table.AddEntityAsync(new TableEntity(key, "row") { ["Count"] = count });
        return key;
    }

    private static async Task<int> CountAsync(string key) => (await _table.GetEntityAsync<TableEntity>(key, "row")).Value.GetInt32("Count")!.Value;

    /// <summary>Another writer lands between this read and its write: the write gets 412, the helper reads again and applies the change on top.</summary>
    [TestMethod]
    public async Task A_lost_race_reads_again_and_applies_the_change_to_the_fresh_row()
    {
        var key = await SeedAsync();
        var calls = 0;
        var result = await _table.UpdateWithRetryAsync<TableEntity>(key, "row", row =>
        {
            if (++calls == 1) // the other writer, after this read
                _table.UpdateEntity(new TableEntity(key, "row") { ["Count"] = 10 }, ETag.All, TableUpdateMode.Replace);
            row["Count"] = row.GetInt32("Count")!.Value + 1;
            return true;
        }, CancellationToken.None);

        Assert.AreEqual(UpdateOutcome.Updated, result.Outcome);
        Assert.AreEqual(2, calls, "one lost race, one read again");
        Assert.AreEqual(11, await CountAsync(key), "the other writer's change is kept");
        Assert.AreEqual((await _table.GetEntityAsync<TableEntity>(key, "row")).Value.ETag, result.Entity!.ETag, "the new ETag is kept");
    }

    [TestMethod]
    public async Task A_row_that_always_changes_meanwhile_ends_after_the_attempts_with_a_409_not_a_loop()
    {
        var key = await SeedAsync();
        var calls = 0;
        var contended = await Assert.ThrowsAsync<UpdateContendedException>(() => _table.UpdateWithRetryAsync<TableEntity>(key, "row", row =>
        {
            calls++;
            _table.UpdateEntity(new TableEntity(key, "row") { ["Count"] = calls * 100 }, ETag.All, TableUpdateMode.Replace);
            row["Count"] = -1;
            return true;
        }, CancellationToken.None, attempts: 3));

        Assert.AreEqual(3, calls);
        Assert.AreEqual(409, contended.Status);
        Assert.AreEqual("storage.changed_meanwhile", contended.Code);
        Assert.AreEqual(300, await CountAsync(key), "no write of the helper landed");
    }

    [TestMethod]
    public async Task The_change_can_decline_and_nothing_is_written()
    {
        var key = await SeedAsync(5);
        var before = (await _table.GetEntityAsync<TableEntity>(key, "row")).Value.ETag;

        var result = await _table.UpdateWithRetryAsync<TableEntity>(key, "row", _ => false, CancellationToken.None);

        Assert.AreEqual(UpdateOutcome.Unchanged, result.Outcome);
        Assert.AreEqual(5, result.Entity!.GetInt32("Count"));
        Assert.AreEqual(before, (await _table.GetEntityAsync<TableEntity>(key, "row")).Value.ETag);
    }

    [TestMethod]
    public async Task A_missing_row_or_one_deleted_before_the_write_is_missing()
    {
        var absent = await _table.UpdateWithRetryAsync<TableEntity>(Guid.NewGuid().ToString("N"), "row", _ => true, CancellationToken.None);
        Assert.AreEqual(UpdateOutcome.Missing, absent.Outcome);

        var key = await SeedAsync();
        var deleted = await _table.UpdateWithRetryAsync<TableEntity>(key, "row", _ =>
        {
            _table.DeleteEntity(key, "row");
            return true;
        }, CancellationToken.None);
        Assert.AreEqual(UpdateOutcome.Missing, deleted.Outcome);
        Assert.IsNull(deleted.Entity);
    }

    [TestMethod]
    public async Task A_conflict_outside_the_lost_races_goes_to_the_caller()
    {
        var key = await SeedAsync();
        var failed = await Assert.ThrowsAsync<RequestFailedException>(() => TableUpdates.UpdateWithRetryAsync(
            c => Task.FromResult<TableEntity?>(new TableEntity(key, "row")), _ => true,
            (row, c) => _table.AddEntityAsync(row, c), CancellationToken.None, lostRace: ex => ex.Status == 412));
        Assert.AreEqual(409, failed.Status);
    }
}
