using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kabinet.Operators;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>GET /api/operator/imports: every import, newest first, cursor-paged, for operators only.</summary>
[TestClass]
public sealed class ImportListTests
{
    /// <summary>An app with tables of its own, so its list holds only the imports this class starts (nobody processes them).</summary>
    private static ImportApp _own = null!;
    /// <summary>An app on the run's shared tables, whose imports the shared host processes.</summary>
    private static ImportApp _shared = null!;
    private static readonly string OwnPrefix = TestEnvironment.UniqueName("il");

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _own = await ImportApp.StartAsync(new Dictionary<string, string?> { ["Storage:TablePrefix"] = OwnPrefix });
        _shared = await ImportApp.StartAsync();
    }

    [ClassCleanup]
    public static void Stop()
    {
        _own.Dispose();
        _shared.Dispose();
    }

    private static async Task<Reply> ListAsync(ImportApp app, string query = "") =>
        await (await app.Client.GetAsync("/api/operator/imports" + query)).ReadAsync();

    private static List<string> Ids(Reply page) => page.Items.Select(i => i.GetProperty("importId").GetString()!).ToList();

    [TestMethod]
    public async Task Three_imports_list_newest_first_and_page_through_the_cursor()
    {
        var first = await _own.StartAsync(ImportApp.Csv("providerId,name\nil-a,A\n", "providers", "first.csv"));
        var second = await _own.StartAsync(ImportApp.Csv("providerId,name\nil-b,B\n", "providers", "second.csv"));
        var third = await _own.StartAsync(ImportApp.Csv("providerId,name\nil-c,C\n", "providers", "third.csv"));

        var all = await ListAsync(_own);
        Assert.AreEqual(HttpStatusCode.OK, all.Status, all.Describe());
        CollectionAssert.AreEqual(new[] { third, second, first }, Ids(all));
        Assert.AreEqual(JsonValueKind.Null, all.Body.GetProperty("nextCursor").ValueKind);
        var item = all.Items[0];
        Assert.AreEqual("providers", item.GetProperty("kind").GetString());
        Assert.AreEqual("csv", item.GetProperty("format").GetString());
        Assert.AreEqual("third.csv", item.GetProperty("fileName").GetString());
        Assert.AreEqual("queued", item.GetProperty("status").GetString());
        Assert.AreEqual(0, item.GetProperty("restarts").GetInt32());
        Assert.IsFalse(string.IsNullOrEmpty(item.GetProperty("createdBy").GetString()));
        Assert.IsTrue(item.GetProperty("createdAt").GetDateTimeOffset() >= all.Items[1].GetProperty("createdAt").GetDateTimeOffset());
        Assert.IsFalse(item.TryGetProperty("errors", out _), "row errors stay with GET /imports/{id}");

        var page1 = await ListAsync(_own, "?limit=2");
        CollectionAssert.AreEqual(new[] { third, second }, Ids(page1));
        var cursor = page1.Body.GetProperty("nextCursor").GetString();
        Assert.IsNotNull(cursor, page1.Describe());
        var page2 = await ListAsync(_own, "?limit=2&cursor=" + Uri.EscapeDataString(cursor));
        Assert.AreEqual(HttpStatusCode.OK, page2.Status, page2.Describe());
        CollectionAssert.AreEqual(new[] { first }, Ids(page2));
        Assert.AreEqual(JsonValueKind.Null, page2.Body.GetProperty("nextCursor").ValueKind);
    }

    [TestMethod]
    public async Task A_finished_import_lists_the_counts_its_own_page_shows()
    {
        var p = TestEnvironment.UniqueName("prov");
        var id = await _shared.StartAsync(ImportApp.Csv($"providerId,name,timeZone\n{p},Омскэнергосбыт,Asia/Omsk\n{p}-x,,Asia/Omsk\n", "providers"));
        var status = await _shared.WaitAsync(id);
        ImportAssert.Done(status, 1, 1);

        // Other classes import at the same time: this one is among the newest.
        var page = await ListAsync(_shared, "?limit=200");
        Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Describe());
        var item = page.Items.Single(i => i.GetProperty("importId").GetString() == id);
        foreach (var field in new[] { "kind", "format", "source", "fileName", "status", "rowsTotal", "rowsDone", "accepted", "rejected", "progress",
                     "byKind", "createdBy", "createdAt", "startedAt", "finishedAt", "failure", "errorsStored", "restarts" })
            Assert.AreEqual(status.GetProperty(field).ToString(), item.GetProperty(field).ToString(), field);
        var created = Ids(page).IndexOf(id);
        var times = page.Items.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
        for (var i = 1; i < times.Count; i++) Assert.IsTrue(times[i - 1] >= times[i], $"newest first at {i} (of {times.Count}, ours at {created})");
    }

    [TestMethod]
    public async Task A_list_row_whose_import_is_gone_is_left_out()
    {
        // What a create that failed after writing the list row (and could not undo it) leaves; it sorts last.
        var gone = new ImportListEntity { RowKey = ImportListEntity.RowFor(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), "gone"), ImportId = "gone" };
        await ImportStorage.Table(OwnPrefix + ImportTables.Name).AddEntityAsync(gone);

        var all = await ListAsync(_own, "?limit=200");

        Assert.AreEqual(HttpStatusCode.OK, all.Status, all.Describe());
        CollectionAssert.DoesNotContain(Ids(all), "gone");
        Assert.IsTrue(all.Items.All(i => i.GetProperty("kind").GetString() == "providers"), all.Describe());
    }

    [TestMethod]
    public async Task A_bad_cursor_or_limit_is_422_with_its_field_code()
    {
        (await ListAsync(_own, "?cursor=garbage")).AssertField("cursor", Kabinet.Platform.Paging.PageCursor.InvalidCode);
        (await ListAsync(_own, "?limit=0")).AssertField("limit", Kabinet.Platform.Paging.PageRequest.LimitInvalidCode);
        (await ListAsync(_own, "?limit=201")).AssertField("limit", Kabinet.Platform.Paging.PageRequest.LimitInvalidCode);
        // A cursor of another list, well formed as it is, opens nothing here.
        var other = Kabinet.Platform.Paging.PageCursor.Encode("providers", ImportListEntity.RowFor(DateTimeOffset.UtcNow, "abc"));
        (await ListAsync(_own, "?cursor=" + Uri.EscapeDataString(other))).AssertField("cursor", Kabinet.Platform.Paging.PageCursor.InvalidCode);
    }

    [TestMethod]
    public async Task Only_operators_list_imports()
    {
        var user = await _own.MintAsync();
        using var client = _own.Factory.CreateClient();
        var asUser = await client.SendAsync(user, HttpMethod.Get, "/api/operator/imports");
        Assert.AreEqual(HttpStatusCode.Forbidden, asUser.Status, asUser.Describe());
        Assert.AreEqual("auth.forbidden", asUser.Code);
        var anonymous = await client.SendAsync(null, HttpMethod.Get, "/api/operator/imports");
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.Status, anonymous.Describe());
        Assert.AreEqual("auth.unauthorized", anonymous.Code);
    }

    [TestMethod]
    public void List_keys_sort_later_imports_first_and_cursors_must_look_like_them()
    {
        var t = new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);
        var later = ImportListEntity.RowFor(t.AddTicks(1), "b");
        var earlier = ImportListEntity.RowFor(t, "a");
        Assert.IsTrue(string.CompareOrdinal(later, earlier) < 0);
        Assert.IsTrue(string.CompareOrdinal(ImportListEntity.RowFor(DateTimeOffset.MaxValue, "z"), ImportListEntity.RowFor(DateTimeOffset.MinValue, "a")) < 0);
        Assert.IsTrue(ImportListEntity.IsRow(earlier));
        foreach (var bad in new[] { "", "import", "123|abc", earlier.Replace('|', '-'), earlier + "/x", earlier[..20] })
            Assert.IsFalse(ImportListEntity.IsRow(bad), bad);
    }
}

internal static class ReplyAsserts
{
    public static void AssertField(this Reply reply, string field, string code)
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, reply.Status, reply.Describe());
        Assert.AreEqual("request.validation_failed", reply.Code, reply.Describe());
        CollectionAssert.AreEqual(new[] { (field, code) }, reply.Errors, reply.Describe());
    }
}
