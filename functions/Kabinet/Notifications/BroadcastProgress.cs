using Azure.Data.Tables;

namespace Kabinet.Notifications;

public sealed record BroadcastSent(int Email, int Sms, int Messenger);

/// <summary>A broadcast as GET /operator/notifications/{id} shows it: what was sent to whom, and how far the fan-out is.</summary>
public sealed record BroadcastView(
    string Id, string Status, BroadcastAudience Audience, string Kind, string Category, string Title, string Body, string? TitleEn, string? BodyEn,
    BroadcastAction? Action, bool RequiresConfirmation, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, string CreatedBy,
    int? AudienceSize, int? Chunks, int ChunksDone, int DeliveredInApp, BroadcastSent Sent, int Failed, bool Withdrawn, DateTimeOffset? WithdrawnAt);

/// <summary>
/// Progress sums the broadcast's chunk rows, one partition query: the in-app count each chunk keeps (RK "chunk|n") and the
/// delivery counts the delivery function keeps per chunk (RK "chunk|n|delivery": Email, Sms, Messenger, Failed).
/// </summary>
public static class BroadcastProgress
{
    private static readonly string[] Columns = ["RowKey", "InApp", "Email", "Sms", "Messenger", "Failed"];

    public static async Task<BroadcastView> OfAsync(BroadcastEntity b, BroadcastFanOut fanOut, NotificationTables tables, CancellationToken ct)
    {
        var audience = fanOut.AudienceAsync(b, ct);
        int inApp = 0, chunksDone = 0, email = 0, sms = 0, messenger = 0, failed = 0;
        var count = b.ChunkCount ?? 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {b.BroadcastId} and RowKey ge {BroadcastChunkEntity.Prefix} and RowKey lt {BroadcastChunkEntity.End}");
        await foreach (var row in tables.Broadcasts.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: ct))
        {
            // A stale row past the count (a resolution that stopped half-way and then found fewer users) is not this broadcast's.
            if (!int.TryParse(row.RowKey.AsSpan(BroadcastChunkEntity.Prefix.Length, 5), out var n) || n >= count) continue;
            if (row.RowKey.EndsWith("|delivery", StringComparison.Ordinal))
            {
                email += Int(row, "Email");
                sms += Int(row, "Sms");
                messenger += Int(row, "Messenger");
                failed += Int(row, "Failed");
            }
            else if (row.GetInt32("InApp") is { } written)
            {
                inApp += written;
                chunksDone++;
            }
        }
        var status = b.Withdrawn ? BroadcastStatus.Withdrawn
            : b.ChunkCount is null ? BroadcastStatus.Resolving
            : chunksDone >= count ? BroadcastStatus.Done
            : BroadcastStatus.Sending;
        return new BroadcastView(b.BroadcastId, status, await audience, b.Kind, b.Category, b.Title, b.Body, b.TitleEn, b.BodyEn,
            b.ActionUrl is null ? null : new BroadcastAction(b.ActionLabel ?? "", b.ActionLabelEn, b.ActionUrl), b.RequiresConfirmation, b.ExpiresAt,
            b.CreatedAt, b.CreatedBy, b.AudienceSize, b.ChunkCount, chunksDone, inApp, new BroadcastSent(email, sms, messenger), failed, b.Withdrawn, b.WithdrawnAt);
    }

    private static int Int(TableEntity row, string name) => row.TryGetValue(name, out var v) ? v switch
    {
        int i => i,
        long l => (int)l,
        _ => 0,
    } : 0;
}
