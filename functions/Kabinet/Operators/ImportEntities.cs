using Azure;
using Azure.Data.Tables;

namespace Kabinet.Operators;

public static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>The queue message of ImportData: process chunk <c>Chunk</c> of the import (chunk 0 first splits the file).</summary>
public sealed record ImportMessage(string ImportId, int Chunk)
{
    public const string QueueName = "imports";
}

/// <summary>imports: PK = import id, RK = "import".</summary>
public sealed class ImportEntity : ITableEntity
{
    public const string Row = "import";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>One of ImportKinds.All, or "bundle" for a JSON file with several sections.</summary>
    public string Kind { get; set; } = "";
    /// <summary>csv or json.</summary>
    public string Format { get; set; } = "";
    /// <summary>"imports/{path}": the source file.</summary>
    public string Source { get; set; } = "";
    public string? FileName { get; set; }
    public string Status { get; set; } = ImportStatus.Queued;
    public int RowsTotal { get; set; }
    public int RowsDone { get; set; }
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public int ErrorsStored { get; set; }
    public int ChunkRows { get; set; }
    /// <summary>Null until the file has been split into chunks.</summary>
    public int? ChunkCount { get; set; }
    /// <summary>The chunk whose message is due: chunks below it are committed (counters included).</summary>
    public int NextChunk { get; set; }
    /// <summary>JSON {kind: {accepted, rejected}}.</summary>
    public string CountsByKind { get; set; } = "{}";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? FailureCode { get; set; }
    /// <summary>What the failure is about (missing columns, the parser's message), not localized.</summary>
    public string? FailureDetail { get; set; }
    /// <summary>How many times an operator restarted the import after it failed.</summary>
    public int Restarts { get; set; }

    public string ImportId => PartitionKey;
}

/// <summary>
/// imports: PK = "~newest", RK = "{long.MaxValue − created ticks:D19}|{import id}": the import's place in GET /imports, newest
/// first, in one partition so one query pages the list. Written when the import is created, before its record; "~" is
/// no import id's character, so this partition never meets an import's own.
/// </summary>
public sealed class ImportListEntity : ITableEntity
{
    public const string Partition = "~newest";
    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ImportId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public static ImportListEntity For(ImportEntity import) =>
        new() { RowKey = RowFor(import.CreatedAt, import.ImportId), ImportId = import.ImportId, CreatedAt = import.CreatedAt };

    /// <summary>Later imports sort first; imports of the same tick by id.</summary>
    public static string RowFor(DateTimeOffset createdAt, string importId) =>
        (long.MaxValue - createdAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "|" + importId;

    /// <summary>Whether <paramref name="rowKey"/> could be such a row (what a list cursor may carry).</summary>
    public static bool IsRow(string rowKey) =>
        rowKey.Length > 20 && rowKey[19] == '|' && rowKey[..19].All(char.IsAsciiDigit) && ImportProcessor.IsImportId(rowKey[20..]);
}

/// <summary>imports: PK = import id, RK = "error|{row:D9}": one rejected row.</summary>
public sealed class ImportErrorEntity : ITableEntity
{
    public const string Prefix = "error|";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int Row { get; set; }
    /// <summary>CSV: the physical line the row starts on (the header is line 1).</summary>
    public int? Line { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>JSON bundle: the 1-based position in its section.</summary>
    public int Index { get; set; }
    public string Code { get; set; } = "";
    public string? Field { get; set; }
    /// <summary>The offending value, cut to 100 characters.</summary>
    public string? Value { get; set; }

    public static string RowFor(int row) => $"{Prefix}{row:D9}";
}
