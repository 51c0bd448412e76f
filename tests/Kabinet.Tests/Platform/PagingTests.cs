using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Platform.Paging;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Operators;
using Kabinet.Tests.Readings;

namespace Kabinet.Tests.Platform;

/// <summary>
/// One page request for every list: a bad <c>limit</c> or a cursor the list did not issue answers the same 422 on each of
/// them, and the cursor codec refuses a cursor edited or carried to another list.
/// </summary>
[TestClass]
public sealed class PagingTests
{
    private static ImportApp _app = null!;
    private static HttpClient _client = null!;
    private static TestUser _user = null!;
    private static string _accountId = null!;
    private static string _importId = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _app = await ImportApp.StartAsync();
        _client = _app.Factory.CreateClient();
        _user = await TestUsers.MintAsync(_app.Factory);
        (_, _accountId) = await ReadingsData.AccountAsync(_user.Id);
        _importId = await _app.StartAsync(ImportApp.Csv("providerId,number\n", "accounts"));
    }

    [ClassCleanup]
    public static void Stop()
    {
        _client.Dispose();
        _app.Dispose();
    }

    /// <summary>Every list endpoint with its query's first separator.</summary>
    private static IEnumerable<string> Lists() =>
    [
        "/api/providers?",
        "/api/accounts?",
        "/api/accounts?groupId=all&",
        "/api/groups?",
        "/api/profile/history?",
        "/api/profile/sessions?",
        $"/api/accounts/{_accountId}/readings?",
        $"/api/accounts/{_accountId}/readings?from=2026-01-01&",
    ];

    private static Task<Reply> GetAsync(string path) => _client.SendAsync(_user, HttpMethod.Get, path);

    private static void AssertRefused(Reply r, string field, string code, string what)
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, what + ": " + r.Describe());
        Assert.AreEqual("request.validation_failed", r.Code, what);
        CollectionAssert.AreEqual(new[] { (field, code) }, r.Errors, what + ": " + r.Describe());
        var error = r.Body.GetProperty("errors")[0];
        Assert.IsFalse(string.IsNullOrEmpty(error.GetProperty("detail").GetString()), what);
        if (code == PageRequest.LimitInvalidCode)
        {
            Assert.AreEqual(1, error.GetProperty("data").GetProperty("min").GetInt32(), what);
            Assert.AreEqual(200, error.GetProperty("data").GetProperty("max").GetInt32(), what);
        }
    }

    [TestMethod]
    public async Task A_bad_limit_is_the_same_422_on_every_list()
    {
        foreach (var list in Lists())
            foreach (var limit in new[] { "0", "201", "-1", "abc", "1.5", "+5", " 5", "99999999999999999999", "1&limit=2" })
                AssertRefused(await GetAsync(list + "limit=" + limit.Replace(" ", "%20")), "limit", PageRequest.LimitInvalidCode, $"{list} limit={limit}");
    }

    [TestMethod]
    public async Task A_cursor_the_list_did_not_issue_is_the_same_422_on_every_list()
    {
        var foreign = PageCursor.Encode("somewhere-else", "x");
        foreach (var list in Lists())
            foreach (var cursor in new[] { "garbage", "%25%25%25", "AAAAAAAAAAAAAAAA", foreign, new string('A', 3000), "eyJ4Ijoi" })
                AssertRefused(await GetAsync(list + "cursor=" + cursor), "cursor", PageCursor.InvalidCode, $"{list} cursor={cursor[..Math.Min(20, cursor.Length)]}");
    }

    [TestMethod]
    public async Task Limit_and_cursor_both_bad_list_both_fields()
    {
        var r = await GetAsync("/api/providers?limit=0&cursor=garbage");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        CollectionAssert.AreEqual(new[] { ("limit", PageRequest.LimitInvalidCode), ("cursor", PageCursor.InvalidCode) }, r.Errors);
    }

    [TestMethod]
    public async Task The_limits_edges_are_accepted()
    {
        foreach (var list in Lists())
            foreach (var limit in new[] { "1", "200", "" })
            {
                var r = await GetAsync(list + "limit=" + limit);
                Assert.AreEqual(HttpStatusCode.OK, r.Status, $"{list} limit={limit}: {r.Describe()}");
                Assert.IsTrue(r.Items.Count <= (limit == "1" ? 1 : 200));
            }
    }

    [TestMethod]
    public async Task A_cursor_opens_only_the_list_and_owner_it_came_from()
    {
        var other = await TestUsers.MintAsync(_app.Factory);
        await AccountData.ProviderAsync();
        var providers = await GetAsync("/api/providers?limit=1");
        var cursor = providers.Body.GetProperty("nextCursor").GetString();
        Assert.IsNotNull(cursor, "more than one provider exists: " + providers.Describe());
        AssertRefused(await GetAsync("/api/profile/history?cursor=" + cursor), "cursor", PageCursor.InvalidCode, "a providers cursor on the history");

        await _client.SendAsync(_user, HttpMethod.Post, "/api/groups", new { name = "Дача " + Guid.NewGuid().ToString("N")[..6] });
        var groups = await GetAsync("/api/groups?limit=1");
        var mine = groups.Body.GetProperty("nextCursor").GetString();
        Assert.IsNotNull(mine, groups.Describe());
        var theirs = await _client.SendAsync(other, HttpMethod.Get, "/api/groups?cursor=" + Uri.EscapeDataString(mine));
        AssertRefused(theirs, "cursor", PageCursor.InvalidCode, "another user's groups cursor");
    }

    [TestMethod]
    public async Task Groups_accounts_and_sessions_page_through_every_item_once()
    {
        var user = await TestUsers.MintAsync(_app.Factory);
        await TestUsers.MintAsync(_app.Factory.Services); // another user's session is not listed
        for (var i = 0; i < 3; i++)
        {
            var created = await _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Группа " + i });
            Assert.AreEqual(HttpStatusCode.Created, created.Status, created.Describe());
            await ReadingsData.AccountAsync(user.Id);
        }
        Assert.AreEqual(4, (await WalkAsync(user, "/api/groups")).Count, "all and three groups");
        Assert.AreEqual(3, (await WalkAsync(user, "/api/accounts")).Count);
        Assert.AreEqual(1, (await WalkAsync(user, "/api/profile/sessions")).Count);
    }

    private static async Task<List<string>> WalkAsync(TestUser user, string path)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var r = await _client.SendAsync(user, HttpMethod.Get, path + "?limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
            Assert.IsTrue(r.Items.Count <= 1, r.Describe());
            ids.AddRange(r.Items.Select(x => x.GetProperty("id").GetString()!));
            cursor = r.Body.GetProperty("nextCursor").GetString();
        } while (cursor is not null && ids.Count < 50);
        CollectionAssert.AllItemsAreUnique(ids);
        return ids;
    }

    [TestMethod]
    public async Task A_bad_errors_cursor_of_an_import_is_a_422_naming_it()
    {
        foreach (var cursor in new[] { "abc", "-1", "99999999999999", PageCursor.Encode("import-errors/other", "1") })
        {
            var response = await _app.Client.GetAsync($"/api/operator/imports/{_importId}?errorsCursor={Uri.EscapeDataString(cursor)}");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, body.ToString());
            Assert.AreEqual("request.validation_failed", body.GetProperty("code").GetString());
            var error = body.GetProperty("errors")[0];
            Assert.AreEqual("errorsCursor", error.GetProperty("field").GetString());
            Assert.AreEqual(PageCursor.InvalidCode, error.GetProperty("code").GetString());
        }
    }

    [TestMethod]
    public async Task The_api_document_lists_limit_and_cursor_on_every_list()
    {
        var doc = await _client.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");
        foreach (var path in new[] { "/api/providers", "/api/accounts", "/api/groups", "/api/profile/history", "/api/profile/sessions", "/api/accounts/{id}/readings" })
        {
            var names = doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()).ToList();
            CollectionAssert.IsSubsetOf(new[] { "limit", "cursor" }, names, path);
        }
    }

    [TestMethod]
    public void The_codec_round_trips_and_refuses_every_edit()
    {
        var cursor = PageCursor.Encode("readings/a1", "2026-11-20", "SN|1");
        CollectionAssert.AreEqual(new[] { "2026-11-20", "SN|1" }, PageCursor.Decode(cursor, "readings/a1", 2));
        Assert.IsNull(PageCursor.Decode(cursor, "readings/a2", 2), "another owner");
        Assert.IsNull(PageCursor.Decode(cursor, "readings/a1", 1), "another shape");
        for (var i = 0; i < cursor.Length; i++)
        {
            var edited = cursor[..i] + (cursor[i] == 'A' ? 'B' : 'A') + cursor[(i + 1)..];
            Assert.IsNull(PageCursor.Decode(edited, "readings/a1", 2), $"edited at {i}");
        }
        Assert.IsNull(PageCursor.Decode(cursor[..^2], "readings/a1", 2), "cut");
        Assert.IsFalse(cursor.Contains("2026"), "opaque: " + cursor);
    }

    [TestMethod]
    [DataRow(null, null, 50)]
    [DataRow("", null, 50)]
    [DataRow("1", null, 1)]
    [DataRow("200", "c", 200)]
    [DataRow("201", null, 50)]
    [DataRow("0", null, 50)]
    [DataRow("٣", null, 50)]
    public void The_page_request_reads_limit_and_cursor(string? limit, string? cursor, int expected)
    {
        var page = PageRequest.Of(limit, cursor);
        Assert.AreEqual(expected, page.Limit);
        Assert.AreEqual(cursor, page.Cursor);
    }
}
