using System.Net;
using Kabinet.Notifications;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Notifications;

/// <summary>POST read, confirm, action, dismiss and GET /pending over HTTP, on a settable clock: states only move forward.</summary>
[TestClass]
public sealed class NoticeStateTests
{
    private static readonly TestClock Clock = new();
    private static readonly TestApp App = new(clock: Clock);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    // Tests of this class share the clock: each only moves it forward, by minutes (tokens stay valid).
    private static DateTimeOffset Now => Clock.Now;

    [TestMethod]
    public async Task Get_is_safe_and_read_reads_a_simple_notice_once()
    {
        var user = await App.MintAsync();
        var simple = await App.PutAsync(user.Id, createdAt: Now.AddMinutes(-5));

        var got = await App.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/" + simple.RowKey);
        Assert.AreEqual(HttpStatusCode.OK, got.Status, got.Describe());
        Assert.IsNull(got.Body.Time("readAt"), "GET does not read it");

        var first = Now;
        var read = await App.MoveOkAsync(user, simple.RowKey, "read");
        Assert.AreEqual(first, read.Time("readAt"));
        Assert.IsTrue(read.GetProperty("read").GetBoolean());
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual(first, (await App.MoveOkAsync(user, simple.RowKey, "read")).Time("readAt"));
        Assert.AreEqual(first, (await App.MoveOkAsync(user, simple.RowKey, "confirm")).Time("readAt"));
        Assert.IsNull((await App.MoveOkAsync(user, simple.RowKey, "confirm")).Time("confirmedAt"), "a simple notice has nothing to confirm");
    }

    [TestMethod]
    public async Task A_notice_needing_confirmation_is_read_only_by_confirming_and_keeps_the_first_time()
    {
        var user = await App.MintAsync();
        var complex = await App.PutAsync(user.Id, createdAt: Now.AddMinutes(-5), with: n => n.RequiresConfirmation = true);

        var read = await App.MoveOkAsync(user, complex.RowKey, "read");
        Assert.IsNull(read.Time("readAt"));
        Assert.IsFalse(read.GetProperty("read").GetBoolean());
        Assert.IsTrue(read.GetProperty("requiresConfirmation").GetBoolean());
        Assert.AreEqual(1, (await App.ListOkAsync(user)).GetProperty("unreadCount").GetInt32());

        var confirmedAt = Now;
        var confirmed = await App.MoveOkAsync(user, complex.RowKey, "confirm");
        Assert.AreEqual(confirmedAt, confirmed.Time("confirmedAt"));
        Assert.AreEqual(confirmedAt, confirmed.Time("readAt"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await App.MoveOkAsync(user, complex.RowKey, "confirm");
        Assert.AreEqual(confirmedAt, again.Time("confirmedAt"));
        Assert.AreEqual(confirmedAt, again.Time("readAt"));
        Assert.AreEqual(0, (await App.ListOkAsync(user)).GetProperty("unreadCount").GetInt32());
        var row = (await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, complex.RowKey)).Value;
        Assert.AreEqual(confirmedAt, row.ConfirmedAt);
    }

    [TestMethod]
    public async Task Following_the_action_confirms_and_reads_and_needs_an_action()
    {
        var user = await App.MintAsync();
        var withAction = await App.PutAsync(user.Id, createdAt: Now.AddMinutes(-5), with: n =>
        {
            n.RequiresConfirmation = true; n.ActionUrl = "https://example.com/pay"; n.ActionLabel = "Оплатить";
        });
        var without = await App.PutAsync(user.Id, createdAt: Now.AddMinutes(-4));

        var at = Now;
        var followed = await App.MoveOkAsync(user, withAction.RowKey, "action");
        Assert.AreEqual("https://example.com/pay", followed.GetProperty("action").GetProperty("url").GetString());
        Assert.AreEqual("Оплатить", followed.GetProperty("action").GetProperty("label").GetString());
        Assert.AreEqual(at, followed.Time("readAt"));
        Assert.AreEqual(at, followed.Time("confirmedAt"));
        var row = (await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, withAction.RowKey)).Value;
        Assert.AreEqual(at, row.ActionFollowedAt);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.AreEqual(at, (await App.MoveOkAsync(user, withAction.RowKey, "action")).Time("readAt"));
        Assert.AreEqual(at, (await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, withAction.RowKey)).Value.ActionFollowedAt);

        var none = await App.MoveAsync(user, without.RowKey, "action");
        Assert.AreEqual(HttpStatusCode.Conflict, none.Status, none.Describe());
        Assert.AreEqual(NoticeErrors.NoAction, none.Code);
        Assert.IsNull((await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, without.RowKey)).Value.ReadAt);
    }

    [TestMethod]
    public async Task Only_banners_are_dismissed_and_a_dismissed_or_expired_banner_moves_to_the_bell()
    {
        var user = await App.MintAsync();
        var bell = await App.PutAsync(user.Id, createdAt: Now.AddMinutes(-9));
        var modal = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-8));
        var closing = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Now.AddMinutes(-7));
        var expiring = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Now.AddMinutes(-6), with: n => n.ExpiresAt = Now.AddMinutes(2));
        var staying = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Now.AddMinutes(-5), with: n => n.ExpiresAt = Now.AddDays(1));

        foreach (var id in new[] { bell.RowKey, modal.RowKey })
        {
            var r = await App.MoveAsync(user, id, "dismiss");
            Assert.AreEqual(HttpStatusCode.Conflict, r.Status, r.Describe());
            Assert.AreEqual(NoticeErrors.NotDismissible, r.Code);
        }
        var banners = (await App.PendingOkAsync(user)).GetProperty("banners").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToArray();
        CollectionAssert.AreEqual(new[] { staying.RowKey, expiring.RowKey, closing.RowKey }, banners, "newest first");
        CollectionAssert.AreEqual(new[] { modal.RowKey, bell.RowKey }, (await App.ListOkAsync(user)).Ids());

        var dismissedAt = Now;
        Assert.AreEqual(dismissedAt, (await App.MoveOkAsync(user, closing.RowKey, "dismiss")).Time("dismissedAt"));
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.AreEqual(dismissedAt, (await App.MoveOkAsync(user, closing.RowKey, "dismiss")).Time("dismissedAt"));

        var pending = await App.PendingOkAsync(user);
        CollectionAssert.AreEqual(new[] { staying.RowKey }, pending.GetProperty("banners").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToArray());
        var list = await App.ListOkAsync(user);
        CollectionAssert.AreEqual(new[] { expiring.RowKey, closing.RowKey, modal.RowKey, bell.RowKey }, list.Ids());
        Assert.IsTrue(list.GetProperty("items")[0].GetProperty("expired").GetBoolean());
        Assert.IsFalse(list.GetProperty("items")[1].GetProperty("expired").GetBoolean());
    }

    [TestMethod]
    public async Task Modals_count_one_of_n_oldest_first_and_leave_when_confirmed_or_expired()
    {
        var user = await App.MintAsync();
        var m3 = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-1));
        var m1 = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-3));
        var m2 = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-2), with: n => n.ExpiresAt = Now.AddMinutes(2));
        await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-4), with: n => n.ConfirmedAt = Now.AddMinutes(-4));
        await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-4), with: n => n.ExpiresAt = Now.AddMinutes(-1));

        static (int Total, (int, string)[] Items) Modals(System.Text.Json.JsonElement pending) =>
            (pending.GetProperty("modals").GetProperty("total").GetInt32(),
             [.. pending.GetProperty("modals").GetProperty("items").EnumerateArray().Select(m => (m.GetProperty("position").GetInt32(), m.GetProperty("id").GetString()!))]);

        var (total, items) = Modals(await App.PendingOkAsync(user));
        Assert.AreEqual(3, total);
        CollectionAssert.AreEqual(new[] { (1, m1.RowKey), (2, m2.RowKey), (3, m3.RowKey) }, items);
        var first = (await App.PendingOkAsync(user)).GetProperty("modals").GetProperty("items")[0];
        Assert.AreEqual("Заголовок", first.GetProperty("title").GetString());
        Assert.IsTrue(first.GetProperty("requiresConfirmation").GetBoolean());

        Assert.IsNull((await App.MoveOkAsync(user, m1.RowKey, "read")).Time("readAt"), "a modal is not read by opening it");
        await App.MoveOkAsync(user, m1.RowKey, "confirm");
        (total, items) = Modals(await App.PendingOkAsync(user));
        CollectionAssert.AreEqual(new[] { (1, m2.RowKey), (2, m3.RowKey) }, items);

        Clock.Advance(TimeSpan.FromMinutes(3));
        (total, items) = Modals(await App.PendingOkAsync(user));
        Assert.AreEqual(1, total);
        CollectionAssert.AreEqual(new[] { (1, m3.RowKey) }, items);
        await App.MoveOkAsync(user, m3.RowKey, "confirm");
        Assert.AreEqual(0, Modals(await App.PendingOkAsync(user)).Total);
        Assert.AreEqual(5, (await App.ListOkAsync(user)).Ids().Length, "every modal stays in the bell list");
    }

    [TestMethod]
    public async Task Parallel_confirms_write_one_time()
    {
        var user = await App.MintAsync();
        var modal = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Now.AddMinutes(-1));
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.MoveAsync(user, modal.RowKey, "confirm")));
        Assert.IsTrue(replies.All(r => r.Status == HttpStatusCode.OK), string.Join("\n", replies.Select(r => r.Describe())));
        var times = replies.Select(r => r.Body.Time("confirmedAt")).Distinct().ToList();
        Assert.AreEqual(1, times.Count);
        Assert.AreEqual(times[0], (await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, modal.RowKey)).Value.ConfirmedAt);
    }
}
