using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Billing;
using Kabinet.Billing.Pdf;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace Kabinet.Tests.Billing;

/// <summary>
/// The RenderBillPdfs queue function (invoked as the host invokes it) against Azurite and MailDev: the PDF lands in
/// <c>bills/{accountId}/{period}.pdf</c>, the e-mail reaches the users who chose e-mail and confirmed it, once; and
/// GET /api/accounts/{id}/bills/{period}/pdf.
/// </summary>
[TestClass]
public sealed class BillPdfRenderTests
{
    private static readonly TestApp App = new();
    private static readonly BlobContainerClient Bills = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient(BillPdfs.Container);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private sealed record Seeded(SeededAccount Account, BillDocument Bill);

    /// <summary>An account with the sample bill of <paramref name="period"/> (its document as billing stores it).</summary>
    private static async Task<Seeded> AccountWithBillAsync(string period = "2026-11")
    {
        var account = await AccountData.AccountAsync(await AccountData.ProviderAsync());
        var bill = BillPdfSamples.Bill(account.Id, period) with { AccountNumber = account.Number };
        await BillAsync(account.Id, period, bill);
        return new(account, bill);
    }

    private static Task BillAsync(string accountId, string period, BillDocument? bill) =>
        AccountData.Tables.Accounts.UpsertEntityAsync(new BillEntity
        {
            PartitionKey = accountId, RowKey = BillEntity.RowFor(period), Period = period, Total = bill?.Charged ?? 100, AmountDue = bill?.AmountDue ?? 100,
            DueDate = bill?.DueDate, Source = bill is null ? LedgerSources.Import : LedgerSources.Billing,
            Document = bill is null ? null : JsonSerializer.Serialize(bill, JsonSerializerOptions.Web), IssuedAt = bill?.IssuedAt,
        });

    /// <summary>A user who linked the account (the mirror row is what billing reads) with this delivery choice.</summary>
    private static async Task<TestUser> LinkedAsync(string accountId, string delivery, bool emailConfirmed = true)
    {
        var user = await App.MintAsync(byEmail: true);
        if (!emailConfirmed)
        {
            var row = new TableEntity(user.Id, UserEntity.Row) { [nameof(UserEntity.EmailConfirmed)] = false };
            await App.Services.GetRequiredService<AuthTables>().Users.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Merge);
        }
        await AccountData.Tables.Accounts.UpsertEntityAsync(new AccountUserEntity
        {
            PartitionKey = accountId, RowKey = AccountUserEntity.RowFor(user.Id), BillDelivery = delivery, LinkedAt = DateTimeOffset.UtcNow,
        });
        return user;
    }

    private static Task InvokeAsync(string accountId, string period) => QueueInvocation.PostAsync(App.Client, BillPdfQueue.FunctionName, new { accountId, period });

    [TestMethod]
    public async Task The_function_stores_the_PDF_and_mails_it_once_to_users_who_chose_email()
    {
        var (account, bill) = await AccountWithBillAsync();
        var byEmail = await LinkedAsync(account.Id, BillDeliveries.Email);
        var onPaper = await LinkedAsync(account.Id, BillDeliveries.Paper);
        var unconfirmed = await LinkedAsync(account.Id, BillDeliveries.Email, emailConfirmed: false);

        await InvokeAsync(account.Id, "2026-11");

        var blob = Bills.GetBlobClient($"{account.Id}/2026-11.pdf");
        var stored = await blob.DownloadContentAsync();
        Assert.AreEqual("application/pdf", stored.Value.Details.ContentType);
        StringAssert.Contains(PdfText.Of(stored.Value.Content.ToArray()), "Лицевой счёт № " + account.Number);

        var mail = await TestUsers.EmailAsync(byEmail.Email!);
        Assert.AreEqual($"Счёт за ноябрь 2026, лицевой счёт {account.Number}", mail.GetProperty("subject").GetString());
        StringAssert.Contains(mail.GetProperty("text").GetString(), "К оплате: 127,54 ₽ до 10.12.2026");
        var attachment = mail.GetProperty("attachments").EnumerateArray().Single();
        Assert.AreEqual("2026-11.pdf", attachment.GetProperty("filename").GetString());
        Assert.AreEqual("application/pdf", attachment.GetProperty("contentType").GetString());
        using (var maildev = new HttpClient { BaseAddress = TestEnvironment.MailDevUrl })
        {
            var attached = await maildev.GetByteArrayAsync($"/api/email/{mail.GetProperty("id").GetString()}/attachment/{attachment.GetProperty("generatedFileName").GetString()}");
            CollectionAssert.AreEqual(stored.Value.Content.ToArray(), attached, "the stored PDF is what is attached");
        }

        // A retried or repeated render: the same PDF again, no second e-mail.
        await InvokeAsync(account.Id, "2026-11");
        var again = await App.Services.GetRequiredService<BillPdfs>().RenderAndMailAsync(account.Id, "2026-11", CancellationToken.None);
        Assert.AreEqual(new BillPdfs.Outcome(true, 0), again);
        await Task.Delay(TimeSpan.FromSeconds(3)); // what the second invocation might have queued has reached MailDev by now
        Assert.AreEqual(1, (await MailDev.ToAsync(byEmail.Email!)).Length, "mailed once");
        Assert.AreEqual(0, (await MailDev.ToAsync(onPaper.Email!)).Length, "paper delivery: no e-mail");
        Assert.AreEqual(0, (await MailDev.ToAsync(unconfirmed.Email!)).Length, "an unconfirmed e-mail gets no bill");
        var markers = await AccountData.Tables.Accounts.QueryAsync<TableEntity>(e => e.PartitionKey == account.Id && e.RowKey.CompareTo(BillMailEntity.Prefix) >= 0 && e.RowKey.CompareTo("billmail}") < 0).ToListAsync();
        Assert.AreEqual(BillMailEntity.RowFor("2026-11", byEmail.Id), markers.Single().RowKey);
    }

    [TestMethod]
    public async Task A_message_for_a_bill_that_is_not_there_is_dropped()
    {
        var account = await AccountData.AccountAsync(await AccountData.ProviderAsync());
        await InvokeAsync(account.Id, "2030-01");
        await InvokeAsync("not-an-account", "nonsense");
        Assert.IsFalse((await Bills.GetBlobClient($"{account.Id}/2030-01.pdf").ExistsAsync()).Value);
    }

    [TestMethod]
    public async Task The_linked_user_downloads_the_PDF_rendered_on_the_spot_when_not_stored_yet()
    {
        var (account, _) = await AccountWithBillAsync("2026-10");
        var user = await LinkedAsync(account.Id, BillDeliveries.Paper);
        Assert.IsFalse((await Bills.GetBlobClient($"{account.Id}/2026-10.pdf").ExistsAsync()).Value);

        using var response = await App.Client.SendAsync(user.Request(HttpMethod.Get, $"/api/accounts/{account.Id}/bills/2026-10/pdf"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText.Of(pdf);
        StringAssert.Contains(text, "Иванова Мария Петровна");
        StringAssert.Contains(text, "октябрь 2026");
        Assert.IsTrue((await Bills.GetBlobClient($"{account.Id}/2026-10.pdf").ExistsAsync()).Value, "stored for next time");

        using var second = await App.Client.SendAsync(user.Request(HttpMethod.Get, $"/api/accounts/{account.Id}/bills/2026-10/pdf"));
        CollectionAssert.AreEqual(pdf, await second.Content.ReadAsByteArrayAsync(), "the stored PDF");
    }

    [TestMethod]
    public async Task No_bill_an_imported_bill_or_an_account_not_linked_is_404()
    {
        var (account, _) = await AccountWithBillAsync();
        await BillAsync(account.Id, "2026-09", null); // imported: no document
        var user = await LinkedAsync(account.Id, BillDeliveries.Paper);
        var stranger = await App.MintAsync(byEmail: true);

        async Task Expect(TestUser who, string period, string code)
        {
            using var response = await App.Client.SendAsync(who.Request(HttpMethod.Get, $"/api/accounts/{account.Id}/bills/{period}/pdf"));
            await response.AssertProblem(HttpStatusCode.NotFound, code);
        }

        await Expect(user, "2026-08", BillPdfErrors.NotFound);
        await Expect(user, "2026-13", BillPdfErrors.NotFound);
        await Expect(user, "2026-09", BillPdfErrors.NoDocument);
        await Expect(stranger, "2026-11", LinkedAccount.NotFoundCode);
    }
}
