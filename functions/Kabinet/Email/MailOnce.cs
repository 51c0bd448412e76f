using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Email;

/// <summary>
/// Queues an e-mail at most once per marker row: the marker is inserted first (a second insert finds it and sends nothing),
/// and taken back when the message could not be queued, so the host's retry sends it.
/// </summary>
public static class MailOnce
{
    /// <summary>True when this call queued the e-mail; false when the marker says it was queued before.</summary>
    public static async Task<bool> SendAsync(TableClient markers, ITableEntity marker, EmailMessage message, WorkQueues queues, ILogger log, CancellationToken ct)
    {
        try
        {
            await markers.AddEntityAsync(marker, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        try
        {
            await queues.SendAsync(EmailMessage.QueueName, message, ct);
            return true;
        }
        catch
        {
            try { await markers.DeleteEntityAsync(marker.PartitionKey, marker.RowKey, ETag.All, CancellationToken.None); }
            catch (RequestFailedException e) { log.LogWarning(e, "Mail marker {Partition}/{Row} stayed after a failed send", marker.PartitionKey, marker.RowKey); }
            throw;
        }
    }
}
