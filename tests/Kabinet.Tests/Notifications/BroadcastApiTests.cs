using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Notifications;
using Kabinet.Providers;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Operators;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Notifications;

/// <summary>
/// POST/GET/DELETE /api/operator/notifications over HTTP, on tables of this class's own (a table prefix), so "everyone" is
/// only the users made here. The shared host cannot see those tables: the messages it takes off the broadcast queues find no
/// broadcast and do nothing, and the tests run the two queue functions in-process, each as often as they like.
/// </summary>
[TestClass]
public sealed class BroadcastApiTests
{
    private static ImportApp _app = null!;
    private static NotificationTables _notices = null!;
    private static AuthTables _auth = null!;
    private static AccountTables _accounts = null!;
    private static ProviderTables _providers = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _app = await ImportApp.StartAsync(new Dictionary<string, string?> { ["Storage:TablePrefix"] = TestEnvironment.UniqueName("bc") });
        _notices = _app.Services.GetRequiredService<NotificationTables>();
        _auth = _app.Services.GetRequiredService<AuthTables>();
        _accounts = _app.Services.GetRequiredService<AccountTables>();
        _providers = _app.Services.GetRequiredService<ProviderTables>();
    }

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static object Body(object audience, string kind = "bell", string title = "Плановые работы", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["audience"] = audience, ["kind"] = kind, ["title"] = title, ["body"] = "Отключение с 10:00 до 12:00.\nПриносим извинения." };
        if (extra is not null)
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject()) body[p.Name] = p.Value;
        return body;
    }

    private static async Task<string> PostAsync(object body, string? key = null)
    {
        var r = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", body, idempotencyKey: key);
        Assert.AreEqual(HttpStatusCode.Accepted, r.Status, r.Describe());
        var id = r.Body.GetProperty("id").GetString()!;
        Assert.AreEqual($"/api/operator/notifications/{id}", r.Raw.Headers.Location?.OriginalString);
        return id;
    }

    private static async Task<JsonElement> ProgressAsync(string id)
    {
        var r = await _app.Client.SendAsync(null, HttpMethod.Get, $"/api/operator/notifications/{id}");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        return r.Body;
    }

    private static async Task InvokeAsync(string function, object message)
    {
        var response = await _app.Client.PostAsync("/" + function, ImportIdempotencyTests.Invocation(message, 1));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task ResolveAsync(string id) => InvokeAsync("ResolveBroadcast", new { broadcastId = id });
    private static Task ChunkAsync(string id, int chunk) => InvokeAsync("FanOutBroadcast", new { broadcastId = id, chunk });

    /// <summary>Resolves the audience and runs every chunk once; the broadcast's progress after.</summary>
    private static async Task<JsonElement> RunAsync(string id)
    {
        await ResolveAsync(id);
        var chunks = (await ProgressAsync(id)).GetProperty("chunks").GetInt32();
        for (var n = 0; n < chunks; n++) await ChunkAsync(id, n);
        return await ProgressAsync(id);
    }

    private static async Task<List<NoticeEntity>> NoticesAsync(string userId, string broadcastId)
    {
        var rows = new List<NoticeEntity>();
        await foreach (var n in _notices.Notices.QueryAsync<NoticeEntity>(n => n.PartitionKey == userId)) if (n.BroadcastId == broadcastId) rows.Add(n);
        return rows;
    }

    private static async Task AssertReachedAsync(string id, IEnumerable<string> reached, IEnumerable<string> notReached)
    {
        foreach (var u in reached) Assert.AreEqual(1, (await NoticesAsync(u, id)).Count, $"user {u} should have the broadcast once");
        foreach (var u in notReached) Assert.AreEqual(0, (await NoticesAsync(u, id)).Count, $"user {u} should not have the broadcast");
    }

    private static async Task<ProviderEntity> ProviderAsync(string zone)
    {
        var provider = new ProviderEntity
        {
            RowKey = TestEnvironment.UniqueName("prov"), Name = "Тестовая компания", Inn = "5503000000", Phone = "+73812000000", Email = "info@example.com",
            Website = "https://example.com", LegalAddress = "644000, г. Омск", TimeZone = zone, ReadingsDay = 25, AcceptedProofs = "lastBill",
        };
        await _providers.Providers.AddEntityAsync(provider);
        return provider;
    }

    /// <summary>An account of the provider (with its index row) linked to the users: the link mirrors the account keeps of its users.</summary>
    private static async Task<string> AccountAsync(ProviderEntity provider, params string[] users)
    {
        var number = "30" + Random.Shared.NextInt64(100_000_000, 999_999_999);
        var id = AccountIds.For(provider.ProviderId, number);
        await _accounts.Accounts.AddEntityAsync(new AccountEntity { PartitionKey = id, ProviderId = provider.ProviderId, Number = number, HolderName = "Иванов И. И." });
        await _accounts.AccountIndex.AddEntityAsync(new AccountIndexEntity { PartitionKey = provider.ProviderId, RowKey = AccountIds.NormalizeNumber(number), AccountId = id });
        foreach (var u in users)
            await _accounts.Accounts.AddEntityAsync(new AccountUserEntity { PartitionKey = id, RowKey = AccountUserEntity.RowFor(u), LinkedAt = DateTimeOffset.UtcNow });
        return id;
    }

    private static async Task<string[]> MintAsync(int count) => (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _app.MintAsync()))).Select(u => u.Id).ToArray();

    [TestMethod]
    public async Task Everyone_is_each_live_customer_once_not_the_deleted_nor_operators()
    {
        var users = await MintAsync(3);
        var deleted = (await MintAsync(1))[0];
        await _auth.Users.UpsertEntityAsync(new TableEntity(deleted, UserEntity.Row) { ["DeletedAt"] = DateTimeOffset.UtcNow }, TableUpdateMode.Merge);
        var operators = new List<string>();
        var customers = 0;
        var id = await PostAsync(Body(new { all = true }));
        var progress = await RunAsync(id);

        await foreach (var u in _auth.Users.QueryAsync<UserEntity>(u => u.RowKey == UserEntity.Row))
        {
            if (u.Role == Roles.Operator) operators.Add(u.UserId);
            else if (u.DeletedAt is null) customers++;
        }
        Assert.IsTrue(operators.Count > 0);
        await AssertReachedAsync(id, users, [deleted, .. operators]);
        Assert.AreEqual(customers, progress.GetProperty("audienceSize").GetInt32());
        Assert.AreEqual(customers, progress.GetProperty("deliveredInApp").GetInt32());
        Assert.AreEqual("done", progress.GetProperty("status").GetString());
        var notice = (await NoticesAsync(users[0], id))[0];
        Assert.AreEqual(NoticeDraft.DefaultTimeZone, notice.TimeZone);
        Assert.AreEqual("Отключение с 10:00 до 12:00.\nПриносим извинения.", notice.Body);
        Assert.AreEqual(NoticeIds.Of("broadcast:" + id), notice.NoticeId);
    }

    [TestMethod]
    public async Task A_provider_reaches_the_users_of_its_accounts_once_in_its_zone()
    {
        var u = await MintAsync(4);
        var p = await ProviderAsync("Asia/Omsk");
        var q = await ProviderAsync("Europe/Moscow");
        await AccountAsync(p, u[0], u[1]);
        await AccountAsync(p, u[1], u[2]);
        await AccountAsync(q, u[3]);
        var id = await PostAsync(Body(new { providerId = p.ProviderId }, "banner"));
        var progress = await RunAsync(id);
        await AssertReachedAsync(id, u[..3], [u[3]]);
        Assert.AreEqual(3, progress.GetProperty("audienceSize").GetInt32());
        Assert.AreEqual(p.ProviderId, progress.GetProperty("audience").GetProperty("providerId").GetString());
        var notice = (await NoticesAsync(u[1], id))[0];
        Assert.AreEqual("Asia/Omsk", notice.TimeZone);
        Assert.AreEqual(NoticeKinds.Banner, notice.Kind);
    }

    [TestMethod]
    public async Task Accounts_reach_their_linked_users_and_unknown_ids_nobody()
    {
        var u = await MintAsync(4);
        var p = await ProviderAsync("Europe/Moscow");
        var a1 = await AccountAsync(p, u[0], u[1]);
        await AccountAsync(p, u[2]);
        var a3 = await AccountAsync(p, u[3], u[0]);
        var id = await PostAsync(Body(new { accountIds = new[] { a1, a3, "nosuchaccount" } }));
        var progress = await RunAsync(id);
        await AssertReachedAsync(id, [u[0], u[1], u[3]], [u[2]]);
        Assert.AreEqual(3, progress.GetProperty("audienceSize").GetInt32());
        Assert.AreEqual(3, progress.GetProperty("audience").GetProperty("accountIds").GetArrayLength());
    }

    [TestMethod]
    public async Task Users_reach_those_that_exist_once()
    {
        var u = await MintAsync(3);
        var id = await PostAsync(Body(new { userIds = new[] { u[0], u[2], "nosuchuser", u[0] } }, "modal",
            extra: new { category = "marketing", titleEn = "Works", action = new { label = "Подробнее", url = "/news/1" }, expiresAt = DateTimeOffset.UtcNow.AddDays(3) }));
        var progress = await RunAsync(id);
        await AssertReachedAsync(id, [u[0], u[2]], [u[1]]);
        Assert.AreEqual(2, progress.GetProperty("audienceSize").GetInt32());
        var n = (await NoticesAsync(u[2], id))[0];
        Assert.IsTrue(n.RequiresConfirmation);
        Assert.AreEqual((NoticeKinds.Modal, NoticeCategories.Marketing, "/news/1", "Подробнее", "Works"), (n.Kind, n.Category, n.ActionUrl, n.ActionLabel, n.TitleEn));
        Assert.IsNotNull(n.ExpiresAt);
    }

    [TestMethod]
    public async Task A_retried_chunk_writes_nobody_twice_even_after_a_crash_half_way()
    {
        var u = await MintAsync(6);
        var id = await PostAsync(Body(new { userIds = u }));
        await ResolveAsync(id);
        await ChunkAsync(id, 0);
        await ChunkAsync(id, 0);
        var first = (await NoticesAsync(u[0], id))[0];
        // A crash mid-chunk: half the rows never made it.
        foreach (var user in u[..3]) await _notices.Notices.DeleteEntityAsync(user, NoticeIds.Of("broadcast:" + id));
        await ChunkAsync(id, 0);
        await Task.WhenAll(ChunkAsync(id, 0), ChunkAsync(id, 0));
        await AssertReachedAsync(id, u, []);
        Assert.AreEqual(first.CreatedAt, (await NoticesAsync(u[0], id))[0].CreatedAt, "the rewritten rows are the same rows");
        var progress = await ProgressAsync(id);
        Assert.AreEqual(6, progress.GetProperty("deliveredInApp").GetInt32());
        Assert.AreEqual(1, progress.GetProperty("chunksDone").GetInt32());
    }

    [TestMethod]
    public async Task Resolving_twice_makes_the_same_chunks()
    {
        var u = await MintAsync(3);
        var id = await PostAsync(Body(new { userIds = u }));
        await ResolveAsync(id);
        var before = await ChunkRowsAsync(id);
        await ResolveAsync(id);
        var after = await ChunkRowsAsync(id);
        CollectionAssert.AreEqual(before, after);
        Assert.AreEqual(1, before.Count);
        Assert.AreEqual(string.Join(',', u.Order(StringComparer.Ordinal)), before[0]);
        Assert.AreEqual("sending", (await ProgressAsync(id)).GetProperty("status").GetString());
    }

    private static async Task<List<string>> ChunkRowsAsync(string id)
    {
        var rows = new List<string>();
        await foreach (var c in _notices.Broadcasts.QueryAsync<BroadcastChunkEntity>(c => c.PartitionKey == id && c.RowKey.CompareTo("chunk|") >= 0 && c.RowKey.CompareTo("chunk}") < 0))
            if (!c.RowKey.EndsWith("|delivery")) rows.Add(c.UserIds);
        return rows;
    }

    [TestMethod]
    public async Task Progress_counts_what_is_in_the_app_and_what_delivery_sent()
    {
        var u = await MintAsync(2);
        var id = await PostAsync(Body(new { userIds = u }));
        var created = await ProgressAsync(id);
        Assert.AreEqual("resolving", created.GetProperty("status").GetString());
        Assert.AreEqual(JsonValueKind.Null, created.GetProperty("audienceSize").ValueKind);
        await RunAsync(id);
        // What the delivery function keeps per chunk (see h2's contract): absolute counts in RK "chunk|n|delivery".
        await _notices.Broadcasts.UpsertEntityAsync(new TableEntity(id, "chunk|00000|delivery") { ["Email"] = 2, ["Sms"] = 1, ["Messenger"] = 0, ["Failed"] = 1 });
        var p = await ProgressAsync(id);
        Assert.AreEqual(("done", 2, 2, 2, 1, 0, 1), (p.GetProperty("status").GetString(), p.GetProperty("audienceSize").GetInt32(), p.GetProperty("deliveredInApp").GetInt32(),
            p.GetProperty("sent").GetProperty("email").GetInt32(), p.GetProperty("sent").GetProperty("sms").GetInt32(), p.GetProperty("sent").GetProperty("messenger").GetInt32(),
            p.GetProperty("failed").GetInt32()));
        Assert.IsFalse(string.IsNullOrEmpty(p.GetProperty("createdBy").GetString()));
    }

    [TestMethod]
    public async Task Withdrawing_flags_the_row_and_stops_a_chunk_not_yet_run()
    {
        var u = await MintAsync(2);
        var id = await PostAsync(Body(new { userIds = u }));
        await ResolveAsync(id);
        var r = await _app.Client.SendAsync(null, HttpMethod.Delete, $"/api/operator/notifications/{id}");
        Assert.AreEqual(HttpStatusCode.NoContent, r.Status, r.Describe());
        var row = (await _notices.Broadcasts.GetEntityAsync<TableEntity>("broadcast", id)).Value;
        Assert.AreEqual(true, row.GetBoolean("Withdrawn"));
        var at = row.GetDateTimeOffset("WithdrawnAt");
        Assert.IsNotNull(at);
        await ChunkAsync(id, 0);
        await ResolveAsync(id);
        await AssertReachedAsync(id, [], u);
        Assert.AreEqual(HttpStatusCode.NoContent, (await _app.Client.SendAsync(null, HttpMethod.Delete, $"/api/operator/notifications/{id}")).Status);
        Assert.AreEqual(at, (await _notices.Broadcasts.GetEntityAsync<TableEntity>("broadcast", id)).Value.GetDateTimeOffset("WithdrawnAt"), "forward only");
        var p = await ProgressAsync(id);
        Assert.AreEqual("withdrawn", p.GetProperty("status").GetString());
        Assert.IsTrue(p.GetProperty("withdrawn").GetBoolean());
    }

    [TestMethod]
    public async Task A_withdrawn_broadcast_leaves_the_users_bell_list()
    {
        var user = await _app.MintAsync();
        var id = await PostAsync(Body(new { userIds = new[] { user.Id } }));
        await RunAsync(id);
        var noticeId = NoticeIds.Of("broadcast:" + id);
        async Task<bool> ListedAsync()
        {
            var r = await _app.NewClient().SendAsync(user, HttpMethod.Get, "/api/notifications");
            Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
            return r.Items.Any(i => i.GetProperty("id").GetString() == noticeId);
        }
        Assert.IsTrue(await ListedAsync());
        Assert.AreEqual(HttpStatusCode.NoContent, (await _app.Client.SendAsync(null, HttpMethod.Delete, $"/api/operator/notifications/{id}")).Status);
        Assert.IsFalse(await ListedAsync());
    }

    [TestMethod]
    [DataRow("9223372036854775807deadbeef")]
    [DataRow("nosuch")]
    [DataRow("a%20b")]
    public async Task Unknown_broadcasts_are_404(string id)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var r = await _app.Client.SendAsync(null, method, $"/api/operator/notifications/{id}");
            Assert.AreEqual((HttpStatusCode.NotFound, "broadcast.not_found"), (r.Status, r.Code), r.Describe());
        }
    }

    [TestMethod]
    public async Task Junk_is_refused_field_by_field_never_5xx()
    {
        var ok = JsonSerializer.Serialize(Body(new { all = true }));
        string[] bodies =
        [
            "", "null", "[]", "7", "\"x\"", "{", "{\"audience\":", "{\"audience\":{\"all\":true},\"kind\":\"bell\",\"title\":\"\\ud800\",\"body\":\"b\"}",
            "{\"audience\":{\"\\udc00\":true}}", "{\"audience\":{\"all\":\"true\"},\"kind\":1,\"category\":[],\"title\":{},\"body\":false,\"titleEn\":3,\"bodyEn\":[],\"action\":7,\"requiresConfirmation\":\"no\",\"expiresAt\":{}}",
            "{\"audience\":{\"userIds\":" + JsonSerializer.Serialize(Enumerable.Range(0, 1001).Select(i => "u" + i)) + "},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\"}",
            "{\"audience\":{\"userIds\":[" + string.Join(',', Enumerable.Range(0, 1000).Select(_ => "\"" + new string('x', 65) + "\"")) + "]},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\"}",
            "{\"audience\":{\"providerId\":\"nosuchprovider\"},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\"}",
            "{\"audience\":{\"providerId\":\"" + new string('p', 5000) + "\"},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\"}",
            "{\"audience\":{\"all\":true},\"kind\":\"bell\",\"title\":\"" + new string('t', 200_000) + "\",\"body\":\"" + new string('b', 500_000) + "\"}",
            "{\"audience\":{\"all\":true},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\",\"action\":{\"label\":\"x\",\"url\":\"data:text/html;base64,AAAA\"}}",
            "{\"audience\":{\"all\":true},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\",\"expiresAt\":\"9999-12-31T23:59:59Z\"}",
            "{\"audience\":{\"all\":true},\"kind\":\"bell\",\"title\":\"t\",\"body\":\"b\",\"expiresAt\":\"0001-01-01T00:00:00+14:00\"}",
            new string('[', 5000) + new string(']', 5000),
            ok.Replace("\"bell\"", "\"BELL\""),
        ];
        foreach (var body in bodies)
        {
            var r = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", Api.JsonText(body));
            Assert.IsTrue(r.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{(int)r.Status} for {body[..Math.Min(body.Length, 120)]}: {r.Describe()}");
        }
        var wrong = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", new StringContent(ok));
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, wrong.Status);

        var unknown = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", Body(new { providerId = "nosuchprovider" }));
        CollectionAssert.Contains(unknown.Errors, ("audience.providerId", "broadcast.provider_not_found"));
        var many = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", Api.JsonText(bodies[10]));
        CollectionAssert.Contains(many.Errors, ("audience.userIds", "broadcast.ids_too_many"));
        var types = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", Api.JsonText(bodies[9]));
        Assert.IsTrue(types.Errors.Count >= 9, types.Describe());
        var surrogate = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", Api.JsonText(bodies[7]));
        Assert.AreEqual((HttpStatusCode.BadRequest, "request.malformed_json"), (surrogate.Status, surrogate.Code));
    }

    [TestMethod]
    public async Task Only_operators_may_broadcast()
    {
        var customer = await _app.MintAsync();
        using var anonymous = _app.NewClient();
        var body = Body(new { all = true });
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", body)).Status);
        using var asCustomer = _app.NewClient();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/operator/notifications"), (HttpMethod.Get, "/api/operator/notifications"),
            (HttpMethod.Get, "/api/operator/notifications/x"), (HttpMethod.Delete, "/api/operator/notifications/x") })
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, (await asCustomer.SendAsync(customer, method, path, method == HttpMethod.Post ? body : null)).Status, $"{method} {path}");
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(null, method, path, method == HttpMethod.Post ? body : null)).Status, $"{method} {path}");
        }
    }

    [TestMethod]
    public async Task A_replayed_post_is_the_same_broadcast()
    {
        var u = await MintAsync(1);
        var key = Guid.NewGuid().ToString("N");
        var body = Body(new { userIds = u });
        var first = await PostAsync(body, key);
        var again = await _app.Client.SendAsync(null, HttpMethod.Post, "/api/operator/notifications", body, idempotencyKey: key);
        Assert.AreEqual(HttpStatusCode.Accepted, again.Status, again.Describe());
        Assert.AreEqual(first, again.Body.GetProperty("id").GetString());
        Assert.AreEqual("true", again.Raw.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.AreNotEqual(first, await PostAsync(body, Guid.NewGuid().ToString("N")), "another key is another broadcast");
    }

    [TestMethod]
    public async Task The_list_is_newest_first_and_paged()
    {
        var u = await MintAsync(1);
        var older = await PostAsync(Body(new { userIds = u }, title: "Первая"));
        var newer = await PostAsync(Body(new { userIds = u }, title: "Вторая"));
        var page = await _app.Client.SendAsync(null, HttpMethod.Get, "/api/operator/notifications?limit=1");
        Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Describe());
        Assert.AreEqual(newer, page.Items.Single().GetProperty("id").GetString());
        var cursor = page.Body.GetProperty("nextCursor").GetString();
        var next = await _app.Client.SendAsync(null, HttpMethod.Get, "/api/operator/notifications?limit=1&cursor=" + Uri.EscapeDataString(cursor!));
        Assert.AreEqual(older, next.Items.Single().GetProperty("id").GetString());
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, (await _app.Client.SendAsync(null, HttpMethod.Get, "/api/operator/notifications?cursor=junk")).Status);
    }
}
