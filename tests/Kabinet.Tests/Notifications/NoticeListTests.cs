using System.Net;
using Kabinet.Notifications;
using Kabinet.Platform.Paging;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Notifications;

/// <summary>GET /api/notifications: the bell list's order, unreadCount, pages, filters, languages and withdrawn broadcasts.</summary>
[TestClass]
public sealed class NoticeListTests
{
    private static readonly TestApp App = new();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static readonly DateTimeOffset Base = DateTimeOffset.UtcNow.AddHours(-1);

    [TestMethod]
    public async Task Unread_first_then_read_each_newest_first_with_the_unread_count()
    {
        var user = await App.MintAsync();
        var a = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(1));
        var b = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(2), with: n => n.ReadAt = Base.AddMinutes(3));
        var c = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Base.AddMinutes(3));
        var d = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(4), with: n => n.ReadAt = Base.AddMinutes(5));
        var banner = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Base.AddMinutes(5));

        var list = await App.ListOkAsync(user);
        CollectionAssert.AreEqual(new[] { c.RowKey, a.RowKey, d.RowKey, b.RowKey }, list.Ids(), "a live banner is not in the bell");
        Assert.AreEqual(2, list.GetProperty("unreadCount").GetInt32());
        Assert.IsTrue(list.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.Null);

        // Reading one moves it down among the read ones, by its creation time.
        await App.MoveOkAsync(user, a.RowKey, "read");
        list = await App.ListOkAsync(user);
        CollectionAssert.AreEqual(new[] { c.RowKey, d.RowKey, b.RowKey, a.RowKey }, list.Ids());
        Assert.AreEqual(1, list.GetProperty("unreadCount").GetInt32());

        // A dismissed banner joins the bell list, unread.
        await App.MoveOkAsync(user, banner.RowKey, "dismiss");
        list = await App.ListOkAsync(user);
        CollectionAssert.AreEqual(new[] { banner.RowKey, c.RowKey, d.RowKey, b.RowKey, a.RowKey }, list.Ids());
        Assert.AreEqual(2, list.GetProperty("unreadCount").GetInt32());
    }

    [TestMethod]
    public async Task Pages_walk_the_whole_list_once_and_unread_count_is_of_the_list()
    {
        var user = await App.MintAsync();
        var rows = new List<NoticeEntity>();
        for (var i = 0; i < 7; i++)
            rows.Add(await App.PutAsync(user.Id, createdAt: Base.AddMinutes(i % 3), with: n => { if (i % 2 == 0) n.ReadAt = Base; }));
        var expected = rows.OrderBy(NoticeRules.BellKey, StringComparer.Ordinal).Select(r => r.RowKey).ToArray();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await App.ListOkAsync(user, "?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.AreEqual(3, page.GetProperty("unreadCount").GetInt32());
            seen.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        Assert.AreEqual(3, pages);
        CollectionAssert.AreEqual(expected, seen.ToArray());

        // A cursor opens only the list it came from: not another user's, not another filter's.
        var first = (await App.ListOkAsync(user, "?limit=3")).GetProperty("nextCursor").GetString()!;
        var other = await App.MintAsync();
        Assert.AreEqual(PageCursor.InvalidCode, (await App.NoticesAsync(other, "?cursor=" + Uri.EscapeDataString(first))).Errors.Single().Code);
        Assert.AreEqual(PageCursor.InvalidCode, (await App.NoticesAsync(user, "?unread=true&cursor=" + Uri.EscapeDataString(first))).Errors.Single().Code);
    }

    [TestMethod]
    public async Task Unread_and_category_narrow_the_list_but_not_the_count()
    {
        var user = await App.MintAsync();
        var billUnread = await App.PutAsync(user.Id, createdAt: Base, with: n => n.Category = NoticeCategories.Billing);
        var billRead = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(1), with: n => { n.Category = NoticeCategories.Billing; n.ReadAt = Base; });
        var security = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(2), with: n => n.Category = NoticeCategories.Security);

        var unread = await App.ListOkAsync(user, "?unread=true");
        CollectionAssert.AreEqual(new[] { security.RowKey, billUnread.RowKey }, unread.Ids());
        Assert.AreEqual(2, unread.GetProperty("unreadCount").GetInt32());
        CollectionAssert.AreEqual(new[] { billRead.RowKey }, (await App.ListOkAsync(user, "?unread=false")).Ids());
        var billing = await App.ListOkAsync(user, "?category=billing");
        CollectionAssert.AreEqual(new[] { billUnread.RowKey, billRead.RowKey }, billing.Ids());
        Assert.AreEqual(2, billing.GetProperty("unreadCount").GetInt32());
        CollectionAssert.AreEqual(new[] { billUnread.RowKey }, (await App.ListOkAsync(user, "?category=billing&unread=TRUE")).Ids());
        Assert.AreEqual(0, (await App.ListOkAsync(user, "?category=marketing")).Ids().Length);
    }

    [TestMethod]
    public async Task Texts_in_English_when_asked_and_Russian_otherwise()
    {
        var user = await App.MintAsync();
        var notifier = App.Services.GetRequiredService<Notifier>();
        var draft = new NoticeDraft("test|lang|" + Guid.NewGuid(), NoticeCategories.Service,
            new NoticeText("Счёт готов", "Смотрите https://example.com/b?x=1&y=2\nСпасибо", "Открыть"),
            new NoticeText("Bill ready", "See https://example.com/b?x=1&y=2", "Open it")) { Deliver = false, ActionUrl = "/bills" };
        var raised = await notifier.RaiseAsync(draft, NoticeFor.User(user.Id), CancellationToken.None);
        var id = raised.Written.Single().NoticeId;

        var en = await App.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/" + id, configure: r => r.Headers.Add("Accept-Language", "en-US,en;q=0.9"));
        Assert.AreEqual(HttpStatusCode.OK, en.Status, en.Describe());
        Assert.AreEqual("Bill ready", en.Body.GetProperty("title").GetString());
        Assert.AreEqual("See https://example.com/b?x=1&y=2", en.Body.GetProperty("body").GetString());
        Assert.AreEqual("See <a href=\"https://example.com/b?x=1&amp;y=2\" rel=\"noopener noreferrer\">https://example.com/b?x=1&amp;y=2</a>",
            en.Body.GetProperty("bodyHtml").GetString());
        Assert.AreEqual("Open it", en.Body.GetProperty("action").GetProperty("label").GetString());
        Assert.AreEqual("/bills", en.Body.GetProperty("action").GetProperty("url").GetString());

        var ru = (await App.ListOkAsync(user)).GetProperty("items")[0];
        Assert.AreEqual("Счёт готов", ru.GetProperty("title").GetString());
        Assert.AreEqual("Открыть", ru.GetProperty("action").GetProperty("label").GetString());
        StringAssert.EndsWith(ru.GetProperty("bodyHtml").GetString(), "</a><br>Спасибо");
        Assert.AreEqual("service", ru.GetProperty("category").GetString());
        Assert.AreEqual("bell", ru.GetProperty("kind").GetString());
        Assert.IsFalse(ru.GetProperty("read").GetBoolean());
        Assert.IsFalse(ru.GetProperty("expired").GetBoolean());
    }

    [TestMethod]
    public async Task A_withdrawn_broadcast_disappears_from_lists_and_by_id()
    {
        var user = await App.MintAsync();
        var (gone, kept) = ("b" + Guid.NewGuid().ToString("N"), "b" + Guid.NewGuid().ToString("N"));
        await App.WithdrawAsync(gone);
        await App.WithdrawAsync(kept, withdrawn: false);
        var own = await App.PutAsync(user.Id, createdAt: Base);
        var keptBell = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(1), with: n => n.BroadcastId = kept);
        var goneBell = await App.PutAsync(user.Id, createdAt: Base.AddMinutes(2), with: n => n.BroadcastId = gone);
        var goneModal = await App.PutAsync(user.Id, NoticeKinds.Modal, createdAt: Base.AddMinutes(3), with: n => n.BroadcastId = gone);
        var goneBanner = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Base.AddMinutes(4), with: n => n.BroadcastId = gone);
        var unknown = await App.PutAsync(user.Id, NoticeKinds.Banner, createdAt: Base.AddMinutes(5), with: n => n.BroadcastId = "never-written");

        var list = await App.ListOkAsync(user);
        CollectionAssert.AreEqual(new[] { keptBell.RowKey, own.RowKey }, list.Ids());
        Assert.AreEqual(2, list.GetProperty("unreadCount").GetInt32());
        var pending = await App.PendingOkAsync(user);
        Assert.AreEqual(0, pending.GetProperty("modals").GetProperty("total").GetInt32());
        CollectionAssert.AreEqual(new[] { unknown.RowKey }, pending.GetProperty("banners").EnumerateArray().Select(b => b.GetProperty("id").GetString()).ToArray());
        foreach (var id in new[] { goneBell.RowKey, goneModal.RowKey, goneBanner.RowKey })
        {
            var r = await App.Client.SendAsync(user, HttpMethod.Get, "/api/notifications/" + id);
            Assert.AreEqual(NoticeErrors.NotFound, r.Code, r.Describe());
            foreach (var verb in new[] { "read", "confirm", "action", "dismiss" })
                Assert.AreEqual(NoticeErrors.NotFound, (await App.MoveAsync(user, id, verb)).Code, verb);
        }
        var row = await App.Tables().Notices.GetEntityAsync<NoticeEntity>(user.Id, goneModal.RowKey);
        Assert.IsNull(row.Value.ConfirmedAt, "nothing was written to a withdrawn notice");
    }
}
