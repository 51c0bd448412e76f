using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>Re-imports change nothing, changed rows update by natural key, and a chunk processed twice counts once.</summary>
[TestClass]
public sealed class ImportIdempotencyTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static object Bundle(string p, string holder = "Иванов", long opening = 1000, string tariffDay = "6.10", long payment = 5000) => new
    {
        services = new object[] { new { providerId = p, service = "electricity", name = "Электроэнергия" } },
        tariffs = new object[]
        {
            new { providerId = p, service = "electricity", zoneSet = "day-night", effectiveFrom = "2026-01-01", bandUpTo = "3900", day = tariffDay, night = "3.20" },
            new { providerId = p, service = "electricity", zoneSet = "day-night", effectiveFrom = "2026-01-01", day = "7.95", night = "4.10" },
        },
        norms = new object[] { new { providerId = p, rooms = 1, residents = 1, stove = "gas", kwhPerPerson = "110" } },
        accounts = new object[] { new { providerId = p, number = "I-1", holderName = holder, openingBalance = opening }, new { providerId = p, number = "I-2" } },
        meters = new object[] { new { providerId = p, accountNumber = "I-1", serial = "M-1", zoneSet = "day-night" } },
        payments = new object[] { new { providerId = p, accountNumber = "I-1", date = "2026-01-10", amount = payment, documentNumber = "P1" } },
        bills = new object[] { new { providerId = p, accountNumber = "I-1", period = "2026-01", total = 4000 } },
        readings = new object[] { new { providerId = p, accountNumber = "I-1", serial = "M-1", date = "2026-01-25", day = "100", night = "50" } },
    };

    private static async Task<string> SnapshotAsync(string p)
    {
        var entities = new List<TableEntity>();
        foreach (var table in new[] { "services", "tariffs", "norms", "accountindex", "meterindex" })
            entities.AddRange(await ImportStorage.PartitionAsync(table, p));
        entities.Add((await ImportStorage.FindAsync("providers", "provider", p))!);
        foreach (var number in new[] { "I-1", "I-2" })
            entities.AddRange(await ImportStorage.PartitionAsync("accounts", AccountIds.For(p, number)));
        return ImportStorage.Snapshot(entities);
    }

    [TestMethod]
    public async Task Importing_the_same_file_again_leaves_the_tables_identical()
    {
        var p = await TestData.ProviderAsync(_app);
        ImportAssert.Done(await _app.ImportJsonAsync(Bundle(p)), 10);
        var first = await SnapshotAsync(p);

        ImportAssert.Done(await _app.ImportJsonAsync(Bundle(p)), 10);

        Assert.AreEqual(first, await SnapshotAsync(p));
        StringAssert.Contains(first, "Values={\"day\":\"100\",\"night\":\"50\"}");
    }

    [TestMethod]
    public async Task A_changed_row_updates_its_record_but_money_already_recorded_stays()
    {
        var p = await TestData.ProviderAsync(_app);
        ImportAssert.Done(await _app.ImportJsonAsync(Bundle(p)), 10);
        var accountId = AccountIds.For(p, "I-1");
        Assert.AreEqual(1000L - 5000L, (await ImportStorage.FindAsync("accounts", accountId, "account"))!["Balance"]);
        // The customer chose e-mail delivery meanwhile.
        var account = (await ImportStorage.FindAsync("accounts", accountId, "account"))!;
        account["BillDelivery"] = "email";
        await ImportStorage.Table("accounts").UpdateEntityAsync(account, account.ETag);

        // A new holder and tariff load; a changed opening balance and a changed payment are refused: entries are never changed.
        var status = await _app.ImportJsonAsync(Bundle(p, holder: "Иванова", opening: 2000, tariffDay: "6.25", payment: 5100));
        ImportAssert.Done(status, 8, 2);
        CollectionAssert.AreEquivalent(new[] { "import.opening_balance_locked", "import.entry_immutable" }, ImportAssert.Errors(status).Select(e => e.Code).ToArray());

        ImportAssert.Done(await _app.ImportJsonAsync(Bundle(p, holder: "Иванова", tariffDay: "6.25")), 10);
        var updated = (await ImportStorage.FindAsync("accounts", accountId, "account"))!;
        Assert.AreEqual("Иванова", updated["HolderName"]);
        Assert.AreEqual(1000L, updated["OpeningBalance"]);
        Assert.AreEqual(-4000L, updated["Balance"]);
        Assert.AreEqual("email", updated["BillDelivery"]);
        Assert.AreEqual(-5000L, (await ImportStorage.FindAsync("accounts", accountId, "entry|payment|P1"))!["Amount"]);
        StringAssert.Contains((string)(await ImportStorage.FindAsync("tariffs", p, "electricity|day-night|2026-01-01"))!["Bands"], "\"day\":\"6.25\"");
        Assert.AreEqual(1, (await ImportStorage.PartitionAsync("accounts", accountId)).Count(e => e.RowKey.StartsWith("entry|payment|")));
    }

    [TestMethod]
    public async Task A_chunk_message_delivered_again_is_not_counted_again()
    {
        var p = await TestData.ProviderAsync(_app);
        var id = await _app.StartAsync(JsonContent.Create(new { kind = "accounts", rows = new[] { new { providerId = p, number = "D-1" }, new { providerId = p, number = "D-2" } } }));
        var done = await _app.WaitAsync(id);
        ImportAssert.Done(done, 2);

        foreach (var dequeueCount in new[] { 1, 2, 5 })
        {
            var response = await _app.Client.PostAsync("/ImportData", Invocation(new { importId = id, chunk = 0 }, dequeueCount));
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var again = await _app.GetAsync(id);
        ImportAssert.Done(again, 2);
        Assert.AreEqual(done.GetProperty("finishedAt").GetString(), again.GetProperty("finishedAt").GetString());
    }

    [TestMethod]
    public async Task A_chunk_is_committed_once_when_two_invocations_race()
    {
        // An import record prepared by hand (not enqueued, so only this test drives it): two chunks of one row each.
        var p = await TestData.ProviderAsync(_app);
        var id = TestEnvironment.UniqueName("imp");
        await PrepareByHandAsync(id, p, ["R-1", "R-2"]);

        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _app.Client.PostAsync("/ImportData", Invocation(new { importId = id, chunk = 0 }, 1))));
        Assert.IsTrue(first.All(r => r.StatusCode == HttpStatusCode.OK));
        // Whichever invocation committed chunk 0 sent chunk 1, which the shared host processes: four runs of
        // chunk 0 still count its row once.
        ImportAssert.Done(await _app.WaitAsync(id), 2);
    }

    public static async Task PrepareByHandAsync(string id, string providerId, string[] numbers, string? skipChunkBlob = null)
    {
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient("imports");
        for (var i = 0; i < numbers.Length; i++)
        {
            if (skipChunkBlob == i.ToString()) continue;
            var rows = new[] { new { row = i + 1, line = (int?)null, kind = "accounts", index = i + 1, fields = new Dictionary<string, string?> { ["providerId"] = providerId, ["number"] = numbers[i] } } };
            await blobs.GetBlobClient($"{id}/chunks/{i:D6}.json").UploadAsync(BinaryData.FromObjectAsJson(rows, JsonSerializerOptions.Web), overwrite: true);
        }
        await ImportStorage.Table("imports").AddEntityAsync(new TableEntity(id, "import")
        {
            ["Kind"] = "accounts", ["Format"] = "json", ["Source"] = $"imports/{id}/source.json", ["Status"] = "running", ["RowsTotal"] = numbers.Length,
            ["RowsDone"] = 0, ["Accepted"] = 0, ["Rejected"] = 0, ["ErrorsStored"] = 0, ["ChunkRows"] = 1, ["ChunkCount"] = numbers.Length, ["NextChunk"] = 0,
            ["CountsByKind"] = "{}", ["CreatedBy"] = "test", ["CreatedAt"] = DateTimeOffset.UtcNow, ["StartedAt"] = DateTimeOffset.UtcNow,
        });
    }

    /// <summary>A queue invocation as the host sends it: the message text JSON-encoded as a string.</summary>
    public static StringContent Invocation(object message, int dequeueCount)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = JsonSerializer.Serialize(message);
        payload["Metadata"]!["DequeueCount"] = dequeueCount;
        payload["Metadata"]!["sys"]!["MethodName"] = "ImportData";
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }
}
