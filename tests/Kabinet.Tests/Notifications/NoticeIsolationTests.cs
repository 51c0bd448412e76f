using System.Net;
using System.Text;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Notifications;

/// <summary>Each user sees only their own notices; junk on every endpoint is a 4xx problem, never a 5xx; no token, 401.</summary>
[TestClass]
public sealed class NoticeIsolationTests
{
    private static readonly TestApp App = new();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static readonly string[] Verbs = ["read", "confirm", "action", "dismiss"];

    [TestMethod]
    public async Task Another_users_notice_is_not_found_for_every_verb_and_stays_untouched()
    {
        var owner = await App.MintAsync();
        var stranger = await App.MintAsync();
        var banner = await App.PutAsync(owner.Id, NoticeKinds.Banner, with: n => n.ActionUrl = "/x");
        var modal = await App.PutAsync(owner.Id, NoticeKinds.Modal, with: n => n.ActionUrl = "/x");

        foreach (var id in new[] { banner.RowKey, modal.RowKey })
        {
            var get = await App.Client.SendAsync(stranger, HttpMethod.Get, "/api/notifications/" + id);
            Assert.AreEqual(HttpStatusCode.NotFound, get.Status, get.Describe());
            Assert.AreEqual(NoticeErrors.NotFound, get.Code);
            foreach (var verb in Verbs)
            {
                var r = await App.MoveAsync(stranger, id, verb);
                Assert.AreEqual(HttpStatusCode.NotFound, r.Status, $"{verb}: {r.Describe()}");
                Assert.AreEqual(NoticeErrors.NotFound, r.Code);
            }
        }
        var list = await App.ListOkAsync(stranger);
        Assert.AreEqual(0, list.Ids().Length);
        Assert.AreEqual(0, list.GetProperty("unreadCount").GetInt32());
        var pending = await App.PendingOkAsync(stranger);
        Assert.AreEqual(0, pending.GetProperty("modals").GetProperty("total").GetInt32());
        Assert.AreEqual(0, pending.GetProperty("banners").GetArrayLength());

        var rows = App.Tables().Notices;
        foreach (var id in new[] { banner.RowKey, modal.RowKey })
        {
            var row = (await rows.GetEntityAsync<NoticeEntity>(owner.Id, id)).Value;
            Assert.IsTrue(row.ReadAt is null && row.ConfirmedAt is null && row.DismissedAt is null && row.ActionFollowedAt is null);
        }
        Assert.AreEqual(1, (await App.PendingOkAsync(owner)).GetProperty("modals").GetProperty("total").GetInt32());
    }

    [TestMethod]
    public async Task Junk_ids_are_not_found_never_a_5xx_through_the_host()
    {
        // Through the shared host (its function route notifications/{*rest}): the test server refuses some of these paths itself.
        var host = await SharedKabinetHost.ClientAsync();
        host.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", TestApp.NewAddress());
        var user = await App.MintAsync(like: host);
        var real = await App.PutAsync(user.Id);
        var ids = new[]
        {
            "..%2Fx", "../x", "%00", "%ED%A0%80", new string('a', 5000), new string('A', 22) + "%00", real.RowKey + "x", real.RowKey[..21],
            "abc%20def", "%2e%2e", "a'b", "%23", "%3F", "x%5Cy", "AAAAAAAAAAAAAAAAAAAAA*",
        };
        foreach (var id in ids)
        {
            var get = await host.SendAsync(user, HttpMethod.Get, "/api/notifications/" + id);
            Assert.IsTrue((int)get.Status is >= 400 and < 500, $"GET {id[..Math.Min(id.Length, 40)]}: {get.Describe()}");
            foreach (var verb in Verbs)
            {
                var r = await host.SendAsync(user, HttpMethod.Post, $"/api/notifications/{id}/{verb}");
                Assert.IsTrue((int)r.Status is >= 400 and < 500, $"{verb} {id[..Math.Min(id.Length, 40)]}: {r.Describe()}");
            }
        }
        var served = await host.SendAsync(user, HttpMethod.Get, "/api/notifications/" + real.RowKey);
        Assert.AreEqual(HttpStatusCode.OK, served.Status, "the host routes notifications/{*rest} to the app: " + served.Describe());
        Assert.AreEqual(NoticeErrors.NotFound, (await host.SendAsync(user, HttpMethod.Get, "/api/notifications/" + NoticeIds.Of("none"))).Code);
        // Ids of the right shape that name nothing, and every id the app itself gets to see, are a plain 404.
        foreach (var id in new[] { new string('A', 22), "AAAAAAAAAAAAAAAAAAAA-_", NoticeIds.Of("nothing"), "..%2Fx", "%ED%A0%80", new string('a', 5000), real.RowKey + "x", "a'b", "%23" })
        {
            var r = await App.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/" + id);
            Assert.AreEqual(NoticeErrors.NotFound, r.Code, $"{id[..Math.Min(id.Length, 40)]}: {r.Describe()}");
            Assert.AreEqual(NoticeErrors.NotFound, (await App.MoveAsync(user, id, "confirm")).Code, id[..Math.Min(id.Length, 40)]);
        }
        Assert.IsNull((await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, real.RowKey)).Value.ReadAt);
    }

    [TestMethod]
    public async Task Junk_bodies_on_the_moves_change_nothing_of_the_answer()
    {
        var user = await App.MintAsync();
        var bell = await App.PutAsync(user.Id);
        var bodies = new Func<HttpContent>[]
        {
            () => Api.JsonText("{"), () => Api.JsonText("[1,2"), () => Api.JsonText("\"\\ud800\""), () => Api.JsonText("{\"readAt\": \"1999-01-01T00:00:00Z\"}"),
            () => new StringContent(new string('x', 200_000), Encoding.UTF8, "text/plain"), () => new ByteArrayContent([0xff, 0xfe, 0x00]),
        };
        foreach (var body in bodies)
            foreach (var verb in Verbs)
            {
                var r = await App.MoveAsync(user, bell.RowKey, verb, body());
                Assert.IsTrue((int)r.Status < 500, $"{verb}: {r.Describe()}");
                if (verb is "read" or "confirm") Assert.AreEqual(HttpStatusCode.OK, r.Status, $"{verb}: the body is not read: {r.Describe()}");
                else Assert.AreEqual(HttpStatusCode.Conflict, r.Status, $"{verb}: {r.Describe()}");
            }
        var row = (await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, bell.RowKey)).Value;
        Assert.IsTrue(row.ReadAt > DateTimeOffset.UtcNow.AddHours(-1), "a body cannot set a time");
    }

    [TestMethod]
    public async Task Junk_query_on_the_list_is_a_422_naming_the_field()
    {
        var user = await App.MintAsync();
        var cases = new (string Query, string Field, string Code)[]
        {
            ("?limit=0", "limit", "list.limit_invalid"), ("?limit=abc", "limit", "list.limit_invalid"), ("?limit=201", "limit", "list.limit_invalid"),
            ("?limit=1&limit=2", "limit", "list.limit_invalid"), ("?limit=-1", "limit", "list.limit_invalid"),
            ("?cursor=abc", "cursor", "list.cursor_invalid"), ("?cursor=" + new string('A', 5000), "cursor", "list.cursor_invalid"),
            ("?cursor=%00", "cursor", "list.cursor_invalid"), ("?cursor=%ED%A0%80", "cursor", "list.cursor_invalid"),
            ("?category=nope", "category", NoticeErrors.CategoryInvalid), ("?category=Billing", "category", NoticeErrors.CategoryInvalid),
            ("?category=%00", "category", NoticeErrors.CategoryInvalid), ("?category=" + new string('b', 5000), "category", NoticeErrors.CategoryInvalid),
            ("?category=billing&category=security", "category", NoticeErrors.CategoryInvalid),
            ("?unread=yes", "unread", NoticeErrors.UnreadInvalid), ("?unread=1", "unread", NoticeErrors.UnreadInvalid),
            ("?unread=%ED%A0%80", "unread", NoticeErrors.UnreadInvalid),
        };
        foreach (var (query, field, code) in cases)
        {
            var r = await App.NoticesAsync(user, query);
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, $"{query[..Math.Min(query.Length, 40)]}: {r.Describe()}");
            Assert.AreEqual("request.validation_failed", r.Code);
            CollectionAssert.Contains(r.Errors, (field, code), r.Describe());
        }
        var both = await App.NoticesAsync(user, "?unread=x&category=y&limit=0");
        Assert.AreEqual(3, both.Errors.Count, both.Describe());
        // The pending list takes no parameters: extra ones are ignored.
        Assert.AreEqual(HttpStatusCode.OK, (await App.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/pending?limit=abc")).Status);
    }

    [TestMethod]
    public async Task Every_endpoint_needs_a_token()
    {
        var id = NoticeIds.Of("x");
        var calls = new List<(HttpMethod, string)> { (HttpMethod.Get, "/api/notifications"), (HttpMethod.Get, "/api/notifications/pending"), (HttpMethod.Get, "/api/notifications/" + id) };
        calls.AddRange(Verbs.Select(v => (HttpMethod.Post, $"/api/notifications/{id}/{v}")));
        foreach (var (method, path) in calls)
        {
            var r = await App.Client.SendAsync(null, method, path);
            Assert.AreEqual(HttpStatusCode.Unauthorized, r.Status, $"{method} {path}");
            Assert.AreEqual("auth.unauthorized", r.Code);
        }
        var forged = await App.Client.SendAsync(null, HttpMethod.Get, "/api/notifications", configure: r => r.Headers.Add("Authorization", "Bearer not.a.token"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, forged.Status);
    }

    [TestMethod]
    public async Task Unknown_paths_and_methods_under_notifications_are_problems()
    {
        var user = await App.MintAsync();
        var id = NoticeIds.Of("y");
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/notifications/{id}/read"), (HttpMethod.Post, $"/api/notifications/{id}/unknown"), (HttpMethod.Delete, $"/api/notifications/{id}"),
            (HttpMethod.Put, "/api/notifications"), (HttpMethod.Post, "/api/notifications/pending"), (HttpMethod.Post, $"/api/notifications/{id}/read/x"),
        })
        {
            var r = await App.Client.SendAsync(user, method, path);
            Assert.IsTrue((int)r.Status is >= 400 and < 500, $"{method} {path}: {r.Describe()}");
        }
    }
}
