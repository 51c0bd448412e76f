using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kabinet.Accounts;
using Kabinet.Notifications;
using Kabinet.Payments;
using Kabinet.Payments.Receipts;
using Kabinet.Providers;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Kabinet.Tests.Payments.Receipts;

/// <summary>
/// The RenderPaymentReceipts queue function (invoked as the host invokes it) against Azurite and MailDev: the PDF lands in
/// <c>receipts/{paymentId}.pdf</c>, the payer gets it by e-mail once and the success notice once; GET /api/payments/{id}/receipt;
/// the failure notice of a failed payment.
/// </summary>
[TestClass]
public sealed class ReceiptRenderTests
{
    private static readonly TestApp App = new();
    private static readonly BlobContainerClient Receipts = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient(PaymentReceipts.Container);

    [ClassInitialize]
    public static async Task Start(TestContext _) => await SharedKabinetHost.GetAsync(); // it works the email queue

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static PaymentTables Payments => App.Services.GetRequiredService<PaymentTables>();
    private static NotificationTables Notices => App.Services.GetRequiredService<NotificationTables>();

    private sealed record Seeded(ProviderEntity Provider, string AccountId, string Number, PaymentEntity Payment);

    /// <summary>A provider with requisites, an account with an address, and a payment row of <paramref name="status"/> for it.</summary>
    private static async Task<Seeded> SeedAsync(string? userId, string status = PaymentStatuses.Succeeded, string? guestEmail = null)
    {
        await Payments.CreateAllAsync(CancellationToken.None);
        var provider = await AccountData.ProviderAsync(name: "АО «Тестэнерго»");
        provider.Kpp = "550301001"; provider.BankName = "ПАО Сбербанк"; provider.Bic = "045209673";
        provider.SettlementAccount = "40702810445000012345"; provider.CorrespondentAccount = "30101810900000000673";
        await AccountData.ProviderTables.Providers.UpsertEntityAsync(provider, TableUpdateMode.Replace);
        var number = TestEnvironment.UniqueName("ls").ToUpperInvariant()[..12];
        var accountId = AccountIds.For(provider.ProviderId, number);
        await AccountData.Tables.Accounts.UpsertEntityAsync(new AccountEntity
        {
            PartitionKey = accountId, ProviderId = provider.ProviderId, Number = number, HolderName = "Иванов Иван Иванович", Address = "г. Омск, ул. Ленина, д. 1, кв. 1",
        });
        var payment = new PaymentEntity
        {
            PartitionKey = Guid.NewGuid().ToString("N"), UserId = userId, GuestEmail = guestEmail, Status = status, Gateway = "sandbox", Method = "card",
            AttemptId = Guid.NewGuid().ToString("N"), GatewayPaymentId = "sbx-" + Guid.NewGuid().ToString("N")[..10], Amount = 1334_56, Commission = 13_35, Total = 1347_91,
            Items = JsonSerializer.Serialize(new[]
            {
                new PaymentItem(accountId, provider.ProviderId, number, 1334_56, 13_35,
                    [new PaymentServiceAmount("electricity", 1234_56), new PaymentServiceAmount("solid_waste", 100_00)]),
            }, JsonSerializerOptions.Web),
            Receipt = JsonSerializer.Serialize(new ReceiptData(guestEmail, null,
            [
                new ReceiptItem("Электроснабжение", 1234_56, 1, "service", "full_payment", provider.ProviderId, number, "electricity"),
                new ReceiptItem("Обращение с ТКО", 100_00, 1, "service", "full_payment", provider.ProviderId, number, "solid_waste"),
                new ReceiptItem("Комиссия", 13_35, 1, "agent_commission", "full_payment", provider.ProviderId, number, null),
            ]), JsonSerializerOptions.Web),
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, CompletedAt = PaymentStatuses.IsFinal(status) ? DateTimeOffset.UtcNow : null,
            Credited = status == PaymentStatuses.Succeeded,
        };
        await Payments.Payments.AddEntityAsync(payment);
        return new(provider, accountId, number, payment);
    }

    private static async Task<List<NoticeEntity>> NoticesAsync(string userId, string template) =>
        await Notices.Notices.QueryAsync<NoticeEntity>(n => n.PartitionKey == userId).Where(n => n.Template == template).ToListAsync();

    private static async Task<PaymentEntity> RowAsync(string paymentId) => (await Payments.Payments.GetEntityAsync<PaymentEntity>(paymentId, PaymentEntity.Row)).Value;

    private static Task InvokeAsync(string paymentId) => QueueInvocation.PostAsync(App.Client, PaymentReceiptQueue.FunctionName, new { paymentId });

    [TestMethod]
    public async Task The_function_stores_the_receipt_mails_it_once_and_notifies_once()
    {
        var user = await App.MintAsync(byEmail: true);
        var (provider, _, number, payment) = await SeedAsync(user.Id);

        await InvokeAsync(payment.PartitionKey);

        var stored = await Receipts.GetBlobClient(payment.PartitionKey + ".pdf").DownloadContentAsync();
        Assert.AreEqual("application/pdf", stored.Value.Details.ContentType);
        var text = PdfText.Of(stored.Value.Content.ToArray());
        foreach (var expected in new[]
        {
            "Квитанция об оплате", "Лицевой счёт № " + number, "Электроснабжение 1 234,56 ₽", "Обращение с ТКО 100,00 ₽", "Комиссия 13,35 ₽",
            "Итого списано 1 347,91 ₽", "ИНН " + provider.Inn, "КПП 550301001", "БИК 045209673", "АО «Тестэнерго»", "г. Омск, ул. Ленина, д. 1, кв. 1",
            payment.GatewayPaymentId!, payment.PartitionKey, "(Asia/Omsk)",
        })
            StringAssert.Contains(text, expected);
        StringAssert.Contains(text, "Плательщик: " + ReceiptModel.MaskEmail(user.Email!), "the payer has no name: the e-mail, masked");
        var row = await RowAsync(payment.PartitionKey);
        Assert.AreEqual(payment.PartitionKey + ".pdf", row.ReceiptBlob);
        Assert.AreEqual(PaymentStatuses.Succeeded, row.Status);

        var subject = "Квитанция об оплате " + payment.PartitionKey;
        var mail = (await MailDev.FindBySubjectAsync(subject)).Single();
        StringAssert.Contains(mail.GetProperty("text").GetString(), "1 347,91 ₽");
        var attachment = mail.GetProperty("attachments").EnumerateArray().Single();
        Assert.AreEqual(payment.PartitionKey + ".pdf", attachment.GetProperty("filename").GetString());
        Assert.AreEqual("application/pdf", attachment.GetProperty("contentType").GetString());

        // The host retries, or the outcome is told twice: the same PDF, no second e-mail, no second notice.
        await InvokeAsync(payment.PartitionKey);
        var again = await App.Services.GetRequiredService<PaymentReceipts>().RenderAndMailAsync(payment.PartitionKey, CancellationToken.None);
        Assert.AreEqual(new PaymentReceipts.Outcome(true, false), again);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.AreEqual(1, (await MailDev.FindBySubjectAsync(subject, atLeast: 2, wait: TimeSpan.FromSeconds(1))).Length, "mailed once");
        var notice = (await NoticesAsync(user.Id, PaymentNotices.SucceededName)).Single();
        Assert.AreEqual(NoticeCategories.Payment, notice.Category);
        Assert.AreEqual("Оплата прошла", notice.Title);
        StringAssert.Contains(notice.Body, NoticeTemplates.Rub(1347_91));
        StringAssert.Contains(notice.Body, number);
    }

    [TestMethod]
    public async Task A_guest_payment_is_mailed_to_its_guest_email()
    {
        var guest = TestUsers.NewEmail();
        var (_, _, number, payment) = await SeedAsync(null, guestEmail: guest);

        await InvokeAsync(payment.PartitionKey);
        await InvokeAsync(payment.PartitionKey);

        var mail = (await MailDev.FindBySubjectAsync("Квитанция об оплате " + payment.PartitionKey)).Single();
        Assert.AreEqual(guest, mail.GetProperty("to").EnumerateArray().Single().GetProperty("address").GetString());
        StringAssert.Contains(PdfText.Of((await Receipts.GetBlobClient(payment.PartitionKey + ".pdf").DownloadContentAsync()).Value.Content.ToArray()), number);
    }

    [TestMethod]
    public async Task A_payment_not_succeeded_or_unknown_is_dropped()
    {
        var user = await App.MintAsync(byEmail: true);
        var (_, _, _, pending) = await SeedAsync(user.Id, PaymentStatuses.Pending);
        await InvokeAsync(pending.PartitionKey);
        await InvokeAsync("no-such-payment");
        await InvokeAsync("user|" + user.Id);
        Assert.IsFalse((await Receipts.GetBlobClient(pending.PartitionKey + ".pdf").ExistsAsync()).Value);
        Assert.IsNull((await RowAsync(pending.PartitionKey)).ReceiptBlob);
    }

    [TestMethod]
    public async Task The_payer_downloads_the_receipt_rendered_on_the_spot_and_nobody_else_does()
    {
        var user = await App.MintAsync(byEmail: true);
        var stranger = await App.MintAsync(byEmail: true);
        var (_, _, number, payment) = await SeedAsync(user.Id);
        var (_, _, _, failed) = await SeedAsync(user.Id, PaymentStatuses.Failed);
        var path = $"/api/payments/{payment.PartitionKey}/receipt";

        using var response = await App.Client.SendAsync(user.Request(HttpMethod.Get, path));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        StringAssert.Contains(PdfText.Of(pdf), "Лицевой счёт № " + number);
        Assert.IsTrue((await Receipts.GetBlobClient(payment.PartitionKey + ".pdf").ExistsAsync()).Value, "stored for next time");
        using (var second = await App.Client.SendAsync(user.Request(HttpMethod.Get, path)))
            CollectionAssert.AreEqual(pdf, await second.Content.ReadAsByteArrayAsync(), "the stored PDF");

        async Task Expect404(TestUser who, string id)
        {
            using var r = await App.Client.SendAsync(who.Request(HttpMethod.Get, $"/api/payments/{id}/receipt"));
            await r.AssertProblem(HttpStatusCode.NotFound, ReceiptErrors.NotFound);
        }
        await Expect404(stranger, payment.PartitionKey);
        await Expect404(user, failed.PartitionKey);
        await Expect404(user, "no-such-payment");
        using var anonymous = await App.Client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [TestMethod]
    public async Task A_failed_payment_raises_the_failure_notice_once_and_a_succeeded_one_queues_its_receipt()
    {
        var user = await App.MintAsync(byEmail: true);
        var (_, _, _, failed) = await SeedAsync(user.Id, PaymentStatuses.Failed);
        var outcome = App.Services.GetServices<IPaymentOutcome>().OfType<PaymentOutcomeNotices>().Single();

        await outcome.OnFinalAsync(failed, CancellationToken.None);
        await outcome.OnFinalAsync(failed, CancellationToken.None);

        var notice = (await NoticesAsync(user.Id, PaymentNotices.FailedName)).Single();
        Assert.AreEqual(NoticeCategories.Payment, notice.Category);
        Assert.AreEqual("Оплата не прошла", notice.Title);
        StringAssert.Contains(notice.Body, "другой картой");
        StringAssert.Contains(notice.Body, "банк");

        var (_, _, _, canceled) = await SeedAsync(user.Id, PaymentStatuses.Canceled);
        await outcome.OnFinalAsync(canceled, CancellationToken.None);
        Assert.AreEqual(2, (await NoticesAsync(user.Id, PaymentNotices.FailedName)).Count, "one per payment");

        // Succeeded: only queued here (the shared host's worker or the test above renders); no failure notice.
        var (_, _, _, succeeded) = await SeedAsync(user.Id);
        await outcome.OnFinalAsync(succeeded, CancellationToken.None);
        Assert.AreEqual(2, (await NoticesAsync(user.Id, PaymentNotices.FailedName)).Count);
    }
}
