using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

/// <summary>The pure rules: which notices each list holds, their order, and that every state only moves forward.</summary>
[TestClass]
public sealed class NoticeRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static NoticeEntity N(string id, string kind = NoticeKinds.Bell, int minute = 0, bool read = false, DateTimeOffset? expires = null,
        bool confirm = false) => new()
    {
        PartitionKey = "u", RowKey = id, Kind = kind, CreatedAt = T0.AddMinutes(minute), ReadAt = read ? T0 : null, ExpiresAt = expires,
        RequiresConfirmation = confirm,
    };

    [TestMethod]
    public void Bell_has_unread_first_then_read_each_newest_first_ties_by_id()
    {
        var list = new[] { N("a", minute: 1), N("b", minute: 3, read: true), N("c", minute: 2), N("d", minute: 5, read: true), N("e", minute: 2) };
        CollectionAssert.AreEqual(new[] { "c", "e", "a", "d", "b" }, NoticeRules.Bell(list, T0).Select(n => n.RowKey).ToArray());
    }

    [TestMethod]
    public void Bell_keys_sort_like_the_list_and_are_recognised()
    {
        var older = NoticeRules.BellKey(N("x", minute: 1));
        var newer = NoticeRules.BellKey(N("y", minute: 2));
        var read = NoticeRules.BellKey(N("z", minute: 9, read: true));
        Assert.IsTrue(string.CompareOrdinal(newer, older) < 0);
        Assert.IsTrue(string.CompareOrdinal(older, read) < 0);
        Assert.IsTrue(NoticeRules.IsBellKey(older));
        foreach (var bad in new[] { "", "2|0000000000000000001|x", "0|1|x", "0|0000000000000000001|", "0|0000000000000000001|a/b", "0|0000000000000000001|x\n" })
            Assert.IsFalse(NoticeRules.IsBellKey(bad), bad);
    }

    [TestMethod]
    public void Banners_join_the_bell_when_dismissed_or_expired()
    {
        var live = N("live", NoticeKinds.Banner, expires: T0.AddHours(1));
        var gone = N("gone", NoticeKinds.Banner, expires: T0);
        var closed = N("closed", NoticeKinds.Banner);
        closed.DismissedAt = T0;
        var modal = N("modal", NoticeKinds.Modal);
        CollectionAssert.AreEquivalent(new[] { "gone", "closed", "modal" }, NoticeRules.Bell([live, gone, closed, modal], T0).Select(n => n.RowKey).ToArray());
        CollectionAssert.AreEqual(new[] { "live" }, NoticeRules.PendingBanners([live, gone, closed, modal], T0).Select(n => n.RowKey).ToArray());
        Assert.IsTrue(NoticeRules.IsExpired(gone, T0), "expiry is inclusive");
        Assert.IsFalse(NoticeRules.IsExpired(live, T0));
    }

    [TestMethod]
    public void Pending_modals_oldest_first_without_confirmed_or_expired_and_banners_newest_first()
    {
        var m1 = N("m1", NoticeKinds.Modal, minute: 5);
        var m2 = N("m2", NoticeKinds.Modal, minute: 1);
        var done = N("done", NoticeKinds.Modal, minute: 0);
        done.ConfirmedAt = T0;
        var old = N("old", NoticeKinds.Modal, minute: 0, expires: T0.AddMinutes(-1));
        CollectionAssert.AreEqual(new[] { "m2", "m1" }, NoticeRules.PendingModals([m1, m2, done, old, N("bell")], T0).Select(n => n.RowKey).ToArray());
        var b1 = N("b1", NoticeKinds.Banner, minute: 1);
        var b2 = N("b2", NoticeKinds.Banner, minute: 2);
        CollectionAssert.AreEqual(new[] { "b2", "b1" }, NoticeRules.PendingBanners([b1, b2, m1], T0).Select(n => n.RowKey).ToArray());
    }

    [TestMethod]
    public void Reading_a_notice_that_needs_confirmation_changes_nothing()
    {
        var complex = N("c", confirm: true);
        Assert.IsFalse(NoticeRules.Read(complex, T0));
        Assert.IsNull(complex.ReadAt);
        var modal = N("m", NoticeKinds.Modal);
        Assert.IsFalse(NoticeRules.Read(modal, T0), "a modal needs confirmation even with the flag off");
        var simple = N("s");
        Assert.IsTrue(NoticeRules.Read(simple, T0));
        Assert.AreEqual(T0, simple.ReadAt);
        Assert.IsFalse(NoticeRules.Read(simple, T0.AddHours(1)));
        Assert.AreEqual(T0, simple.ReadAt);
    }

    [TestMethod]
    public void Confirm_sets_both_times_once_and_only_reads_a_simple_notice()
    {
        var complex = N("c", confirm: true);
        Assert.IsTrue(NoticeRules.Confirm(complex, T0));
        Assert.AreEqual(T0, complex.ConfirmedAt);
        Assert.AreEqual(T0, complex.ReadAt);
        Assert.IsFalse(NoticeRules.Confirm(complex, T0.AddHours(1)));
        Assert.AreEqual(T0, complex.ConfirmedAt);

        var simple = N("s");
        Assert.IsTrue(NoticeRules.Confirm(simple, T0));
        Assert.AreEqual(T0, simple.ReadAt);
        Assert.IsNull(simple.ConfirmedAt);
    }

    [TestMethod]
    public void Following_the_action_confirms_reads_and_keeps_earlier_times()
    {
        var complex = N("c", confirm: true);
        complex.ActionUrl = "/accounts";
        Assert.IsTrue(NoticeRules.FollowAction(complex, T0));
        Assert.AreEqual(T0, complex.ActionFollowedAt);
        Assert.AreEqual(T0, complex.ConfirmedAt);
        Assert.AreEqual(T0, complex.ReadAt);

        var read = N("r", read: true);
        var later = T0.AddHours(2);
        Assert.IsTrue(NoticeRules.FollowAction(read, later));
        Assert.AreEqual(T0, read.ReadAt, "an earlier read time stays");
        Assert.AreEqual(later, read.ActionFollowedAt);
        Assert.IsFalse(NoticeRules.FollowAction(read, later.AddHours(1)));
    }

    [TestMethod]
    public void Only_banners_are_dismissed_once()
    {
        var bell = N("b");
        Assert.IsFalse(NoticeRules.IsDismissible(bell));
        Assert.IsFalse(NoticeRules.Dismiss(bell, T0));
        Assert.IsNull(bell.DismissedAt);
        var banner = N("x", NoticeKinds.Banner);
        Assert.IsTrue(NoticeRules.Dismiss(banner, T0));
        Assert.IsFalse(NoticeRules.Dismiss(banner, T0.AddDays(1)));
        Assert.AreEqual(T0, banner.DismissedAt);
        Assert.IsNull(banner.ReadAt, "closing a banner does not read it");
    }

    [TestMethod]
    public void The_view_speaks_the_language_asked_and_falls_back_to_Russian()
    {
        var n = N("v", expires: T0);
        n.Title = "Тема"; n.Body = "Текст <b>"; n.TitleEn = "Subject"; n.ActionUrl = "https://example.com/a";
        var en = NoticeView.Of(n, english: true, T0);
        Assert.AreEqual("Subject", en.Title);
        Assert.AreEqual("Текст <b>", en.Body, "no English body: the Russian one");
        Assert.AreEqual("Текст &lt;b&gt;", en.BodyHtml);
        Assert.AreEqual(NoticeView.DefaultActionEn, en.Action!.Label);
        Assert.IsTrue(en.Expired);
        Assert.IsFalse(en.Read);
        var ru = NoticeView.Of(n, english: false, T0.AddSeconds(-1));
        Assert.AreEqual("Тема", ru.Title);
        Assert.AreEqual(NoticeView.DefaultActionRu, ru.Action!.Label);
        Assert.IsFalse(ru.Expired);
        Assert.IsNull(NoticeView.Of(N("none"), false, T0).Action);
    }
}
