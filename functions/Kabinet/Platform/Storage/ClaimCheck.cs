using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kabinet.Platform.Invocation;

namespace Kabinet.Platform.Storage;

/// <summary>
/// The claim check for queue messages that can outgrow the 64 KiB a Storage queue message holds (base64 makes 48 KiB of
/// text 64 KiB): the producer stores the message text in <see cref="Container"/> and enqueues <c>{"claim":"queue-payloads/…"}</c>;
/// the consumer reads the text back and deletes the blob only after the function succeeded, so a retry or a poison
/// message still finds it.
/// </summary>
public sealed class ClaimCheck(BlobServiceClient blobs, TimeProvider clock, ILogger<ClaimCheck> log)
{
    public const string Container = "queue-payloads";
    /// <summary>Message text (UTF-8) above this goes through a blob: 45 KiB is 60 KiB in base64, under the queue's 64 KiB.</summary>
    public const int MaxInlineBytes = 45 * 1024;
    public const string Property = "claim";

    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    public static bool NeedsClaim(string text) => Encoding.UTF8.GetByteCount(text) > MaxInlineBytes;

    /// <summary>Stores the text; returns the message to enqueue instead and the claim (container/blob) it points to.</summary>
    public async Task<(string Envelope, string Claim)> StoreAsync(string queueName, string text, CancellationToken ct)
    {
        var name = $"{queueName}/{clock.GetUtcNow():yyyy-MM-dd}/{Guid.NewGuid():N}.json";
        var container = await _container.Value;
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
        var claim = $"{Container}/{name}";
        return (JsonSerializer.Serialize(new Dictionary<string, string> { [Property] = claim }), claim);
    }

    /// <summary>The claim a message is, or null when it is an ordinary message: an object whose only property is <c>claim</c>, in <see cref="Container"/>.</summary>
    public static string? ClaimOf(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object) return null;
        string? claim = null;
        var count = 0;
        foreach (var property in message.EnumerateObject())
        {
            count++;
            if (property.Name == Property && property.Value.ValueKind == JsonValueKind.String) claim = property.Value.GetString();
        }
        return count == 1 && claim is not null && IsOurs(claim) ? claim : null;
    }

    /// <summary>Only blobs of the claim container, named as <see cref="StoreAsync"/> names them: a message cannot make a function read any other blob.</summary>
    public static bool IsOurs(string claim) =>
        claim.StartsWith(Container + "/", StringComparison.Ordinal) && claim.Length < 512
        && claim[(Container.Length + 1)..].Split('/') is { Length: 3 } parts && parts.All(p => p.Length > 0 && p is not ("." or "..") && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'));

    /// <summary>
    /// Replaces a claimed message in <paramref name="request"/> by the stored text, as the host would have sent it (a JSON string),
    /// and returns the claim to release after success. Missing: the claimed blob is gone (the host retries, then poisons the message).
    /// </summary>
    public async Task<(string? Claim, bool Missing)> ResolveAsync(QueueInvocationRequest request, JsonSerializerOptions options, CancellationToken ct)
    {
        if (!QueueMessageReader.TryRead<JsonElement>(request, options, out var message, out _) || ClaimOf(message) is not { } claim)
            return (null, false);
        try
        {
            var content = await blobs.GetBlobContainerClient(Container).GetBlobClient(claim[(Container.Length + 1)..]).DownloadContentAsync(ct);
            request.Data![request.Data.Keys.First()] = JsonSerializer.SerializeToElement(content.Value.Content.ToString());
            return (claim, false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            log.LogWarning("Queue message {MessageId} claims {Claim}, which is not there", request.Metadata?.Id, claim);
            return (claim, true);
        }
    }

    /// <summary>After the function succeeded. A blob that stays behind costs only storage, so a failure here is logged, not retried.</summary>
    public async Task ReleaseAsync(string claim)
    {
        try { await blobs.GetBlobContainerClient(Container).GetBlobClient(claim[(Container.Length + 1)..]).DeleteIfExistsAsync(); }
        catch (RequestFailedException ex) { log.LogWarning(ex, "Could not delete the claimed queue payload {Claim}", claim); }
    }

    /// <summary>
    /// Deletes payloads older than <paramref name="age"/>: past the queue's 7-day message lifetime no message (poison
    /// ones included) can claim them any more. Returns how many were deleted.
    /// </summary>
    public async Task<int> PurgeOlderThanAsync(TimeSpan age, CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(Container);
        if (!await container.ExistsAsync(ct)) return 0;
        var before = clock.GetUtcNow() - age;
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: ct))
            if (blob.Properties.LastModified < before && (await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct)).Value)
                deleted++;
        return deleted;
    }
}
