using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Operators;

namespace Kabinet.Tests.Notifications;

/// <summary>An import that finishes tells the operator who started it, once.</summary>
[TestClass]
public sealed class NoticeEventsImportTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    [TestMethod]
    public async Task A_finished_import_reaches_the_operator_who_started_it_once()
    {
        var p = await TestData.ProviderAsync(_app);
        var id = await _app.StartAsync(ImportApp.Csv($"providerId,number,holderName,address,rooms,residents,area,stove,openingBalance\n" +
            $"{p},77-0001,Иванов И. И.,г. Омск,2,3,54.3,electric,0\n{p},77-0002,Петров П. П.,г. Омск,1,1,30,gas,0\n,77-0003,Никто,г. Омск,1,1,30,gas,0\n",
            "accounts", "march.csv"));
        var status = await _app.WaitAsync(id);
        ImportAssert.Done(status, 2, 1);
        var operatorId = status.GetProperty("createdBy").GetString()!;

        var notice = (await NoticeRows.WaitForAsync(operatorId, NoticeTemplates.ImportFinishedName, 1))
            .Single(n => n.DedupKey == $"import_finished:{id}");
        Assert.AreEqual(NoticeCategories.Service, notice.Category);
        Assert.AreEqual($"/operator/imports/{id}", notice.ActionUrl);
        Assert.AreEqual("Импорт «march.csv» (accounts) завершён: строк 3, принято 2, отклонено 1.", notice.Body);

        // The last chunk's message again (the host retrying it): the import is done, the notice is the same one.
        var again = await _app.Client.PostAsync("/ImportData", ImportIdempotencyTests.Invocation(new { importId = id, chunk = 0 }, 2));
        Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
        Assert.AreEqual(1, (await NoticeRows.OfAsync(operatorId)).Count(n => n.DedupKey == $"import_finished:{id}"));
    }

    [TestMethod]
    public async Task A_failed_import_tells_the_operator_too()
    {
        var id = await _app.StartAsync(ImportApp.Csv("number,holderName\n1,Иванов\n", "accounts", "broken.csv"));
        var status = await _app.WaitAsync(id);
        Assert.AreEqual("failed", status.GetProperty("status").GetString(), status.ToString());
        var operatorId = status.GetProperty("createdBy").GetString()!;

        var notice = (await NoticeRows.WaitForAsync(operatorId, NoticeTemplates.ImportFailedName, 1)).Single(n => n.DedupKey == $"import_failed:{id}:0");
        StringAssert.Contains(notice.Body, "«broken.csv»");
        StringAssert.Contains(notice.Body, status.GetProperty("failure").GetProperty("code").GetString()!);
    }
}
