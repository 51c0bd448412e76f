using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>A file too big for the 1 MiB request limit, uploaded to blob storage and referenced, in several chunks.</summary>
[TestClass]
public sealed class LargeImportTests
{
    [TestMethod]
    public async Task Ten_thousand_accounts_from_an_uploaded_blob_import_in_chunks()
    {
        using var app = await ImportApp.StartAsync(new Dictionary<string, string?> { ["Imports:ChunkRows"] = "1000" });
        var p = await TestData.ProviderAsync(app);
        var csv = new StringBuilder("providerId,number,holderName,address,rooms,residents,area,stove,openingBalance\n");
        for (var i = 1; i <= 10_000; i++)
            csv.Append($"{p},{i:D8},Абонент {i},\"г. Омск, ул. Ленина, д. {i % 200}, кв. {i}\",{1 + i % 4},{1 + i % 5},{30 + i % 70}.5,{(i % 3 == 0 ? "electric" : "gas")},{i * 100}\n");
        Assert.IsTrue(Encoding.UTF8.GetByteCount(csv.ToString()) > 1024 * 1024, "the file must be larger than a request may be");
        var blob = await ImportStorage.UploadAsync(csv.ToString());

        var watch = Stopwatch.StartNew();
        var id = await app.StartAsync(JsonContent.Create(new { kind = "accounts", blob }));
        var seenPartial = false;
        while (true)
        {
            var s = await app.GetAsync(id);
            var done = s.GetProperty("rowsDone").GetInt32();
            if (s.GetProperty("status").GetString() is "done" or "failed") break;
            if (done is > 0 and < 10_000) seenPartial = true;
            if (watch.Elapsed > TimeSpan.FromSeconds(240)) Assert.Fail("timeout: " + s);
            await Task.Delay(100);
        }
        var status = await app.GetAsync(id);

        ImportAssert.Done(status, 10_000);
        Assert.AreEqual(blob, status.GetProperty("source").GetString());
        Assert.AreEqual("csv", status.GetProperty("format").GetString());
        Assert.IsTrue(seenPartial, "progress was visible between chunks");
        var index = 0;
        await foreach (var _ in ImportStorage.Table("accountindex").QueryAsync<TableEntity>(e => e.PartitionKey == p, select: ["RowKey"])) index++;
        Assert.AreEqual(10_000, index);
        var last = (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "00010000"), "account"))!;
        Assert.AreEqual(1_000_000L, last["Balance"]);
        Assert.AreEqual("г. Омск, ул. Ленина, д. 0, кв. 10000", last["Address"]);
        Console.WriteLine($"10,000 accounts in {watch.Elapsed.TotalSeconds:F1} s");
    }
}
