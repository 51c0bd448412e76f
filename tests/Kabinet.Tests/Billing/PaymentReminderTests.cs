using System.Text.Json;
using Kabinet.Billing;
using Kabinet.Notifications;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Billing;

/// <summary>The bill-ready notice of a close, and the due-date reminder (a kind of the daily reminder timer) while a bill is unpaid.</summary>
[TestClass]
public sealed class PaymentReminderTests
{
    [TestMethod]
    public async Task A_closed_account_is_told_its_bill_is_ready_and_reminded_before_the_due_date_while_it_owes()
    {
        using var app = await BillingApp.StartAsync(new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.Zero));
        var provider = await BillingData.ProviderAsync(app);
        (string, string, string)[] readings = [("2026-10-25", """{"T1":"1000"}""", ReadingStatuses.Billed), ("2026-11-24", """{"T1":"1150"}""", ReadingStatuses.Accepted)];
        var owing = await BillingData.AccountAsync(app, provider, readings: readings);
        var paid = await BillingData.AccountAsync(app, provider, readings: readings);
        var (alice, bob) = (await app.MintAsync(), await app.MintAsync());
        await app.LinkAsync(alice, owing);
        await app.LinkAsync(bob, paid);
        await app.DriveAsync((await app.StartRunAsync(provider.ProviderId, "2026-11")).GetProperty("runId").GetString()!);

        var notices = app.Services.GetRequiredService<NotificationTables>().Notices;
        async Task<List<NoticeEntity>> Of(TestUser user, string template)
        {
            var list = new List<NoticeEntity>();
            await foreach (var n in notices.QueryAsync<NoticeEntity>(n => n.PartitionKey == user.Id)) if (n.Template == template) list.Add(n);
            return list;
        }
        var ready = (await Of(alice, NoticeTemplates.BillReadyName)).Single();
        Assert.AreEqual($"bill_ready:{owing.Id}:2026-11", ready.DedupKey);
        StringAssert.Contains(ready.Body, "к оплате 990,00 ₽ до 15.12.2026");

        await BillingData.PaymentAsync(app, paid.Id, "2026-12-05", 99000, "PP-9");
        // 12 December, 12:00 in Moscow: three days before the 15th.
        app.Time.Now = new DateTimeOffset(2026, 12, 12, 9, 0, 0, TimeSpan.Zero);
        async Task RemindAsync() => Assert.IsTrue(await app.InvokeAsync("SendReminders", new { kind = PaymentReminder.KindName, providerId = provider.ProviderId, at = app.Time.Now }));
        await RemindAsync();
        await RemindAsync();
        var due = (await Of(alice, NoticeTemplates.PaymentDueName)).Single();
        Assert.AreEqual(NoticeCategories.Payment, due.Category);
        StringAssert.Contains(due.Body, "990,00 ₽ до 15.12.2026");
        Assert.AreEqual(0, (await Of(bob, NoticeTemplates.PaymentDueName)).Count, "paid: no reminder");

        // On the due date itself the reminder is over.
        app.Time.Now = new DateTimeOffset(2026, 12, 15, 9, 0, 0, TimeSpan.Zero);
        var kind = app.Services.GetServices<IReminderKind>().Single(k => k.Name == PaymentReminder.KindName);
        Assert.IsFalse(kind.IsDue(provider, app.Time.Now));
        Assert.IsTrue(kind.IsDue(provider, new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero)));
        Assert.IsFalse(kind.IsDue(provider, new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.Zero)));
    }
}
