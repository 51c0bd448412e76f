using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Email;
using Kabinet.Platform.Storage;

namespace Kabinet.Billing.Pdf;

/// <summary>
/// The bills' PDFs in Blob storage (container <c>bills</c>, blob <c>{accountId}/{period}.pdf</c>) and the bill e-mail. A bill
/// is never edited, so its PDF is rendered once and the same bytes may be written again by a retry.
/// </summary>
public sealed partial class BillPdfs(AccountTables accounts, BlobServiceClient blobs, Users users, WorkQueues queues, TimeProvider clock, ILogger<BillPdfs> log)
{
    public const string Container = "bills";

    public static string BlobName(string accountId, string period) => $"{accountId}/{period}.pdf";

    /// <summary>The e-mail attachment path (<see cref="EmailMessage.Attachments"/>): "bills/{accountId}/{period}.pdf".</summary>
    public static string AttachmentPath(string accountId, string period) => Container + "/" + BlobName(accountId, period);

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex PeriodPattern();

    public static bool IsPeriod(string? period) => period is not null && PeriodPattern().IsMatch(period);

    /// <summary>The issued document of a bill row; null for an imported bill (no document) or one that does not parse.</summary>
    public static BillDocument? Document(BillEntity bill)
    {
        if (string.IsNullOrEmpty(bill.Document)) return null;
        try { return JsonSerializer.Deserialize<BillDocument>(bill.Document, JsonSerializerOptions.Web); }
        catch (JsonException) { return null; }
    }

    public async Task<BillEntity?> BillAsync(string accountId, string period, CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(accountId) || !IsPeriod(period)) return null;
        var found = await accounts.Accounts.GetEntityIfExistsAsync<BillEntity>(accountId, BillEntity.RowFor(period), cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The stored PDF, or null when it is not stored (yet).</summary>
    public Task<byte[]?> StoredAsync(string accountId, string period, CancellationToken ct) => blobs.ReadIfExistsAsync(Container, BlobName(accountId, period), ct);

    /// <summary>Renders the bill and stores it (overwriting: the same bill gives the same page).</summary>
    public async Task<byte[]> RenderAndStoreAsync(BillDocument bill, string accountId, string period, CancellationToken ct)
    {
        var pdf = BillPdf.Render(bill);
        await blobs.WriteAsync(Container, BlobName(accountId, period), pdf, BillPdf.ContentType, ct);
        return pdf;
    }

    /// <summary>What <see cref="RenderAndMailAsync"/> did.</summary>
    public sealed record Outcome(bool Rendered, int Mailed, string? Skipped = null);

    /// <summary>
    /// The queue function's work: load the bill, render and store its PDF, then mail it to every user who linked the account,
    /// chose e-mail delivery for it and has a confirmed e-mail — once per user and period (<see cref="BillMailEntity"/>).
    /// </summary>
    public async Task<Outcome> RenderAndMailAsync(string accountId, string period, CancellationToken ct)
    {
        if (await BillAsync(accountId, period, ct) is not { } row) return new(false, 0, "no such bill");
        if (Document(row) is not { } bill) return new(false, 0, "the bill has no document");
        await RenderAndStoreAsync(bill, accountId, period, ct);

        var mailed = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {AccountUserEntity.Prefix} and RowKey lt {"user}"}");
        await foreach (var link in accounts.Accounts.QueryAsync<AccountUserEntity>(filter, cancellationToken: ct))
        {
            if (link.BillDelivery != BillDeliveries.Email) continue;
            var userId = link.RowKey[AccountUserEntity.Prefix.Length..];
            if (await users.FindAsync(userId, ct) is not { EmailConfirmed: true, Email.Length: > 0 } user) continue;
            if (await MailOnceAsync(bill, accountId, period, user, ct)) mailed++;
        }
        return new(true, mailed);
    }

    private Task<bool> MailOnceAsync(BillDocument bill, string accountId, string period, UserEntity user, CancellationToken ct) =>
        MailOnce.SendAsync(accounts.Accounts,
            new BillMailEntity { PartitionKey = accountId, RowKey = BillMailEntity.RowFor(period, user.UserId), To = user.Email!, QueuedAt = clock.GetUtcNow() },
            BillMail.For(bill, user.Email!, user.Language, AttachmentPath(accountId, period)), queues, log, ct);
}
