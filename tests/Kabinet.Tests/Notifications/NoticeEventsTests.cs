using System.Net;
using Kabinet.Accounts;
using Kabinet.Notifications;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Readings;

namespace Kabinet.Tests.Notifications;

/// <summary>The events that raise notices, over HTTP: each raises one notice for the right users, and running again raises no more.</summary>
[TestClass]
public sealed class NoticeEventsTests
{
    private static readonly TestApp App = new();
    private static HttpClient Client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Linking_an_account_gives_the_user_one_notice_and_a_retry_none_more()
    {
        var provider = await AccountData.ProviderAsync(name: "ОмскЭнергоСбыт");
        var account = await AccountData.AccountAsync(provider);
        var user = await App.MintAsync();

        await Client.LinkOkAsync(user, account);
        var retried = await Client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal });
        Assert.AreEqual(HttpStatusCode.Conflict, retried.Status, retried.Describe());

        var notice = (await NoticeRows.OfAsync(user.Id)).Single();
        Assert.AreEqual(NoticeTemplates.AccountLinkedName, notice.Template);
        Assert.AreEqual(NoticeCategories.Service, notice.Category);
        Assert.AreEqual(account.Id, notice.AccountId);
        Assert.AreEqual($"/accounts/{account.Id}", notice.ActionUrl);
        Assert.AreEqual("Asia/Omsk", notice.TimeZone, "the account's provider's zone");
        StringAssert.Contains(notice.Body, account.Number);
        StringAssert.Contains(notice.Body, "ОмскЭнергоСбыт");
        Assert.IsTrue(notice.Deliver);
        var link = (await AccountData.Tables.Links.GetEntityAsync<LinkEntity>(user.Id, account.Id)).Value;
        Assert.AreEqual($"account_linked:{account.Id}:{link.LinkedAt.UtcTicks}", notice.DedupKey);
    }

    [TestMethod]
    public async Task Unlinking_and_linking_again_is_a_new_notice()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await App.MintAsync();

        await Client.LinkOkAsync(user, account);
        Assert.AreEqual(HttpStatusCode.NoContent, (await Client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
        await Client.LinkOkAsync(user, account);

        var notices = await NoticeRows.OfAsync(user.Id);
        Assert.AreEqual(2, notices.Count(n => n.Template == NoticeTemplates.AccountLinkedName));
    }

    [TestMethod]
    public async Task A_reading_accepted_and_one_kept_for_review_reach_every_linked_user()
    {
        var alice = await App.MintAsync();
        var bob = await App.MintAsync();
        var stranger = await App.MintAsync();
        var (_, accountId) = await ReadingsData.AccountAsync(alice.Id);
        var number = (await AccountData.ReadAccountAsync(accountId)).Number;
        await AccountData.Tables.Links.UpsertEntityAsync(new LinkEntity { PartitionKey = bob.Id, RowKey = accountId, ProofMethod = "lastBill", LinkedAt = DateTimeOffset.UtcNow });
        await AccountData.Tables.Accounts.UpsertEntityAsync(new AccountUserEntity { PartitionKey = accountId, RowKey = AccountUserEntity.RowFor(bob.Id), LinkedAt = DateTimeOffset.UtcNow });
        var meter = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.HistoryAsync(accountId, meter, 5, 1000, 300); // ~10 kWh a day up to 2026-10-25

        // About the usual 10 kWh a day since the last reading: plausible.
        var usual = (2200 + 10 * (DateTime.UtcNow.Date - new DateTime(2026, 10, 25)).Days).ToString();
        var ok = await Client.SubmitAsync(alice, accountId, meter, new { T1 = usual });
        Assert.AreEqual(HttpStatusCode.Created, ok.Status, ok.Describe());
        Assert.AreEqual("accepted", ok.Body.GetProperty("reading").GetProperty("status").GetString());
        var date = ok.Body.GetProperty("reading").GetProperty("date").GetString()!;

        foreach (var user in new[] { alice, bob })
        {
            var accepted = (await NoticeRows.WaitForAsync(user.Id, NoticeTemplates.ReadingAcceptedName)).Single();
            Assert.AreEqual(NoticeCategories.Reading, accepted.Category);
            Assert.AreEqual(accountId, accepted.AccountId);
            Assert.AreEqual("Показания приняты", accepted.Title);
            StringAssert.Contains(accepted.Body, meter);
            StringAssert.Contains(accepted.Body, number);
            StringAssert.Contains(accepted.Body, "T1 " + usual);
            StringAssert.Contains(accepted.Body, DateOnly.Parse(date).ToString("dd.MM.yyyy"));
        }

        // The same reading again (a retry without a key) is the same notice; a far higher one confirmed goes to review.
        Assert.AreEqual(HttpStatusCode.Created, (await Client.SubmitAsync(bob, accountId, meter, new { T1 = usual })).Status);
        var review = await Client.SubmitAsync(bob, accountId, meter, new { T1 = "90000" }, confirm: true);
        Assert.AreEqual(HttpStatusCode.Created, review.Status, review.Describe());
        Assert.AreEqual("needs_review", review.Body.GetProperty("reading").GetProperty("status").GetString());
        foreach (var user in new[] { alice, bob })
        {
            var flagged = (await NoticeRows.WaitForAsync(user.Id, NoticeTemplates.ReadingNeedsReviewName)).Single();
            Assert.AreEqual("Показания отправлены на проверку", flagged.Title);
            StringAssert.Contains(flagged.Body, "T1 90000");
        }
        await Task.Delay(1500); // the repeated submission's message, had it raised anything, has been worked by now
        foreach (var user in new[] { alice, bob })
            Assert.AreEqual(1, (await NoticeRows.OfAsync(user.Id)).Count(n => n.Template == NoticeTemplates.ReadingAcceptedName), "the same reading twice is one notice");
        Assert.AreEqual(0, (await NoticeRows.OfAsync(stranger.Id)).Count);
    }

    [TestMethod]
    public async Task A_password_change_is_a_security_notice_in_the_app_only()
    {
        var user = await App.MintAsync(byEmail: true);
        var changed = await Client.SendAsync(user, HttpMethod.Put, "/api/profile/password", new { currentPassword = user.Password, newPassword = "N3wPassword0k" });
        Assert.AreEqual(HttpStatusCode.NoContent, changed.Status, changed.Describe());

        var notice = (await NoticeRows.OfAsync(user.Id)).Single();
        Assert.AreEqual(NoticeCategories.Security, notice.Category);
        Assert.AreEqual(NoticeTemplates.SecurityName, notice.Template);
        Assert.AreEqual("Пароль изменён", notice.Title);
        Assert.IsFalse(notice.Deliver, "the codes queue has told the contacts");
        StringAssert.StartsWith(notice.DedupKey, "security:password_changed:");
        // The codes path still sends its one e-mail to the address.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await MailDev.ToAsync(user.Email!)).Length == 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        await Task.Delay(2000);
        Assert.AreEqual(1, (await MailDev.ToAsync(user.Email!)).Length, "one e-mail: the codes path's");
    }

    [TestMethod]
    public async Task Two_factor_on_and_off_are_two_security_notices()
    {
        var user = await App.MintAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await Client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = true })).Status);
        Assert.AreEqual(HttpStatusCode.OK, (await Client.SendAsync(user, HttpMethod.Put, "/api/profile/two-factor", new { enabled = false, password = user.Password })).Status);

        var titles = (await NoticeRows.OfAsync(user.Id)).Where(n => n.Category == NoticeCategories.Security).Select(n => n.Title).Order().ToList();
        CollectionAssert.AreEqual(new[] { "Двухфакторный вход включён", "Двухфакторный вход отключён" }.Order().ToList(), titles);
    }
}
