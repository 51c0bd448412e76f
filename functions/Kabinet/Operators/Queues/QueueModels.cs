namespace Kabinet.Operators.Queues;

/// <summary>A queue's depth: messages (approximate, as storage counts them) and the age of the oldest, in seconds.</summary>
public sealed record QueueDepth(string Name, int Messages, long? OldestAgeSeconds);

public sealed record QueueStatus(string Queue, QueueDepth Main, QueueDepth Poison);

public sealed record QueuesView(IReadOnlyList<QueueStatus> Items);

public sealed record PoisonMessageView(string Id, DateTimeOffset? InsertedAt, long DequeueCount, string Message);

/// <summary>The first <see cref="QueueOperations.PeekLimit"/> poison messages (storage peeks no further) and how many there are.</summary>
public sealed record PoisonView(string Queue, int Messages, IReadOnlyList<PoisonMessageView> Items);

/// <summary>Ids to replay; none or null: every message in the poison queue.</summary>
public sealed record ReplayRequest(List<string>? Ids);

/// <summary>What a replay moved back, which given ids it did not find, and whether poison messages remain to be replayed.</summary>
public sealed record ReplayView(string Queue, IReadOnlyList<string> Replayed, IReadOnlyList<string> NotFound, bool More);
