using Kabinet.Auth;
using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class NoticeTemplatesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 20, 41, 0, TimeSpan.Zero);

    [TestMethod]
    public void Account_linked_names_the_account_and_is_keyed_on_the_link_time()
    {
        var d = NoticeTemplates.AccountLinked("acc1", "55-0001", "ОмскЭнерго", At);
        Assert.AreEqual(NoticeCategories.Service, d.Category);
        Assert.AreEqual("/accounts/acc1", d.ActionUrl);
        Assert.AreEqual("acc1", d.AccountId);
        StringAssert.Contains(d.Ru.Body, "55-0001");
        StringAssert.Contains(d.En!.Body, "55-0001");
        Assert.AreEqual(d.DedupKey, NoticeTemplates.AccountLinked("acc1", "55-0001", "ОмскЭнерго", At).DedupKey);
        Assert.AreNotEqual(d.DedupKey, NoticeTemplates.AccountLinked("acc1", "55-0001", "ОмскЭнерго", At.AddTicks(1)).DedupKey, "a relink is a new event");
    }

    [TestMethod]
    public void Reading_notices_differ_by_status_and_values_and_show_them()
    {
        var values = new Dictionary<string, decimal> { ["night"] = 567m, ["day"] = 1234.5m };
        var accepted = NoticeTemplates.Reading("acc1", "55-0001", "SN1", new DateOnly(2026, 12, 2), values, needsReview: false);
        var review = NoticeTemplates.Reading("acc1", "55-0001", "SN1", new DateOnly(2026, 12, 2), values, needsReview: true);
        Assert.AreEqual(NoticeCategories.Reading, accepted.Category);
        Assert.AreEqual("Показания приняты", accepted.Ru.Title);
        Assert.AreEqual("Показания счётчика SN1 по лицевому счёту 55-0001 за 02.12.2026 приняты: день 1234,5; ночь 567.", accepted.Ru.Body);
        Assert.AreEqual("The reading of meter SN1 on account 55-0001 for 02.12.2026 is accepted: day 1234.5; night 567.", accepted.En!.Body);
        Assert.AreEqual("Показания отправлены на проверку", review.Ru.Title);
        Assert.AreNotEqual(accepted.DedupKey, review.DedupKey);
        Assert.AreEqual(accepted.DedupKey, NoticeTemplates.Reading("acc1", "55-0001", "SN1", new DateOnly(2026, 12, 2),
            new Dictionary<string, decimal> { ["day"] = 1234.5m, ["night"] = 567m }, false).DedupKey, "the same reading, zones in another order");
        Assert.AreNotEqual(accepted.DedupKey, NoticeTemplates.Reading("acc1", "55-0001", "SN1", new DateOnly(2026, 12, 2),
            new Dictionary<string, decimal> { ["day"] = 1235m, ["night"] = 567m }, false).DedupKey, "other values the same day");
    }

    [TestMethod]
    public void Security_notices_are_in_app_only_and_one_per_change()
    {
        foreach (var kind in new[] { SecurityNotices.PhoneChanged, SecurityNotices.EmailChanged, SecurityNotices.PasswordChanged, SecurityNotices.PasswordReset,
                     SecurityNotices.TwoFactorOn, SecurityNotices.TwoFactorOff, SecurityNotices.DeviceTrusted })
        {
            var d = NoticeTemplates.Security(kind, At, "Firefox on Linux");
            Assert.IsFalse(d.Deliver, kind);
            Assert.AreEqual(NoticeCategories.Security, d.Category);
            StringAssert.Contains(d.Ru.Body, "01.12.2026 23:41 МСК");
            StringAssert.Contains(d.Ru.Body, "Firefox on Linux");
            Assert.AreNotEqual("Изменены настройки безопасности", d.Ru.Title, kind);
            Assert.AreNotEqual(d.DedupKey, NoticeTemplates.Security(kind, At.AddSeconds(1), null).DedupKey);
        }
        Assert.AreNotEqual(NoticeTemplates.Security(SecurityNotices.TwoFactorOn, At, null).DedupKey, NoticeTemplates.Security(SecurityNotices.TwoFactorOff, At, null).DedupKey);
    }

    [TestMethod]
    public void Import_notices_give_the_counts_and_a_failure_per_restart()
    {
        var done = NoticeTemplates.ImportFinished("imp1", "accounts", "march.csv", 10, 8, 2);
        Assert.AreEqual("import_finished:imp1", done.DedupKey);
        Assert.AreEqual("Импорт «march.csv» (accounts) завершён: строк 10, принято 8, отклонено 2.", done.Ru.Body);
        Assert.AreEqual("/operator/imports/imp1", done.ActionUrl);
        Assert.AreNotEqual(NoticeTemplates.ImportFailed("imp1", 0, "accounts", null, "import.interrupted", 3, 10).DedupKey,
            NoticeTemplates.ImportFailed("imp1", 1, "accounts", null, "import.interrupted", 3, 10).DedupKey);
    }

    [TestMethod]
    public void Reminder_is_one_per_account_and_period()
    {
        var d = NoticeTemplates.ReadingReminder("acc1", "55-0001", ["SN1"], new DateOnly(2026, 12, 25), "2026-12");
        Assert.AreEqual("reading_reminder:acc1:2026-12", d.DedupKey);
        Assert.AreEqual(NoticeCategories.Reading, d.Category);
        Assert.AreEqual("Передайте показания счётчика SN1 по лицевому счёту 55-0001 до 25.12.2026 включительно.", d.Ru.Body);
        StringAssert.Contains(NoticeTemplates.ReadingReminder("acc1", "55-0001", ["SN1", "SN2"], new DateOnly(2026, 12, 25), "2026-12").Ru.Body, "счётчиков SN1, SN2");
    }

    [TestMethod]
    public void No_template_text_has_markup()
    {
        var all = new[]
        {
            NoticeTemplates.AccountLinked("a", "1", "P", At), NoticeTemplates.Reading("a", "1", "S", new DateOnly(2026, 1, 1), new Dictionary<string, decimal> { ["T1"] = 1 }, true),
            NoticeTemplates.Security(SecurityNotices.PasswordChanged, At, null), NoticeTemplates.ImportFinished("i", "k", null, 1, 1, 0),
            NoticeTemplates.ImportFailed("i", 0, "k", null, "c", 0, 1), NoticeTemplates.ReadingReminder("a", "1", ["S"], new DateOnly(2026, 1, 25), "2026-01"),
        };
        foreach (var d in all)
        {
            Assert.IsNotNull(d.En);
            Assert.IsNotNull(d.Template);
            Assert.IsTrue(d.ActionUrl!.StartsWith('/'), d.ActionUrl);
            foreach (var text in new[] { d.Ru.Title, d.Ru.Body, d.En!.Title, d.En.Body })
                Assert.IsFalse(text.Contains('<') || text.Contains('>'), text);
        }
    }
}
