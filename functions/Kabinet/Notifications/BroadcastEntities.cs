using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Kabinet.Notifications;

/// <summary>
/// broadcasts: PK = "broadcast", RK = broadcast id (newest first, see <see cref="BroadcastIds"/>). The texts as the operator
/// wrote them (plain text), the audience's kind, and what the fan-out has reached: <see cref="ChunkCount"/> is set once the
/// audience is resolved into chunks. <see cref="Withdrawn"/> only moves from false to true; h1 hides and h2 stops delivering
/// the broadcast's notices when it is set.
/// </summary>
public sealed class BroadcastEntity : ITableEntity
{
    public const string Partition = "broadcast";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string BroadcastId => RowKey;

    /// <summary>all, providerId, accountIds or userIds.</summary>
    public string AudienceKind { get; set; } = "";
    public string? ProviderId { get; set; }
    /// <summary>How many ids the operator listed (the ids are in the <see cref="BroadcastAudienceEntity"/> row).</summary>
    public int AudienceIds { get; set; }
    public string Kind { get; set; } = NoticeKinds.Bell;
    public string Category { get; set; } = NoticeCategories.Service;
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? TitleEn { get; set; }
    public string? BodyEn { get; set; }
    public string? ActionLabel { get; set; }
    public string? ActionLabelEn { get; set; }
    public string? ActionUrl { get; set; }
    public bool RequiresConfirmation { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>The zone the notices are written with: the provider's for a provider audience.</summary>
    public string TimeZone { get; set; } = NoticeDraft.DefaultTimeZone;
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Users reached after deduplication; null until resolved.</summary>
    public int? AudienceSize { get; set; }
    public int? ChunkCount { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    public bool Withdrawn { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>What each user's notice is made from; the deduplication key makes a second write of it the same row.</summary>
    public NoticeDraft Draft() => new(BroadcastIds.DedupKey(BroadcastId), Category,
        new NoticeText(Title, Body, ActionLabel), TitleEn is null && BodyEn is null && ActionLabelEn is null ? null
            : new NoticeText(TitleEn ?? Title, BodyEn ?? Body, ActionLabelEn ?? ActionLabel))
    {
        Kind = Kind, ActionUrl = ActionUrl, RequiresConfirmation = RequiresConfirmation, BroadcastId = BroadcastId, TimeZone = TimeZone,
        ExpiresAt = ExpiresAt,
    };
}

/// <summary>PK = broadcast id, RK = "audience": the ids the operator listed, as JSON split over properties (a property holds 32K characters).</summary>
public static class BroadcastAudienceEntity
{
    public const string Row = "audience";
    private const int PartLength = 30_000;

    public static TableEntity For(string broadcastId, string json)
    {
        var entity = new TableEntity(broadcastId, Row);
        var parts = 0;
        for (var i = 0; i < json.Length; i += PartLength, parts++) entity["Part" + parts] = json.Substring(i, Math.Min(PartLength, json.Length - i));
        entity["Parts"] = parts;
        return entity;
    }

    public static string Json(TableEntity entity)
    {
        var parts = entity.GetInt32("Parts") ?? 0;
        return string.Concat(Enumerable.Range(0, parts).Select(i => entity.GetString("Part" + i)));
    }
}

/// <summary>
/// PK = broadcast id, RK = "chunk|00000": up to <see cref="BroadcastRules.ChunkSize"/> user ids (comma-separated, sorted) and,
/// once the chunk's notices are written, <see cref="InApp"/>: how many of them are in the users' lists (absolute, so a retried
/// chunk sets the same number). h2 counts the chunk's deliveries in the row RK = "chunk|00000|delivery".
/// </summary>
public sealed class BroadcastChunkEntity : ITableEntity
{
    public const string Prefix = "chunk|";
    public const string End = "chunk}";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string UserIds { get; set; } = "";
    public int? InApp { get; set; }

    public static string RowFor(int chunk) => Prefix + chunk.ToString("D5", CultureInfo.InvariantCulture);
    public static string DeliveryRowFor(int chunk) => RowFor(chunk) + "|delivery";

    public IReadOnlyList<string> Users() => UserIds.Length == 0 ? [] : UserIds.Split(',');
}

public static class BroadcastIds
{
    /// <summary>Later broadcasts sort first in their partition: 19 digits of inverted ticks, then 8 random hex characters.</summary>
    public static string New(DateTimeOffset now) =>
        (long.MaxValue - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();

    public static bool IsWellFormed(string? id) =>
        id is { Length: 27 } && id[..19].All(char.IsAsciiDigit) && id[19..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string DedupKey(string broadcastId) => "broadcast:" + broadcastId;
}

public static class BroadcastStatus
{
    public const string Resolving = "resolving";
    public const string Sending = "sending";
    public const string Done = "done";
    public const string Withdrawn = "withdrawn";
}

/// <summary>On the broadcast-resolve queue: turn the broadcast's audience into chunks of user ids.</summary>
public sealed record BroadcastResolveMessage(string BroadcastId)
{
    public const string QueueName = "broadcast-resolve";
}

/// <summary>On the broadcast-chunks queue: write (and queue for delivery) one chunk's notices.</summary>
public sealed record BroadcastChunkMessage(string BroadcastId, int Chunk)
{
    public const string QueueName = "broadcast-chunks";
}
