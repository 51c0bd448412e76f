using System.ComponentModel.DataAnnotations;

namespace Kabinet.Operators;

/// <summary>Settings of operator imports (section <c>Imports</c>).</summary>
public sealed class ImportOptions : IValidatableObject
{
    public const string Section = "Imports";

    /// <summary>Rows per ImportData invocation. Stored on the import when it is created, so the processing instance uses the creator's value.</summary>
    [Range(10, 50_000)] public int ChunkRows { get; set; } = 2_000;
    /// <summary>A chunk is also cut when its rows hold about this many bytes, so wide rows cannot make a chunk huge.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)] public int MaxChunkBytes { get; set; } = 4 * 1024 * 1024;
    /// <summary>Row errors stored per import (all are counted).</summary>
    [Range(0, 1_000_000)] public int MaxStoredErrors { get; set; } = 1_000;
    /// <summary>Concurrent storage calls while a chunk is written.</summary>
    [Range(1, 256)] public int Parallelism { get; set; } = 32;
    /// <summary>The host's maxDequeueCount (host.json): the last try marks the import failed before the message goes to poison.</summary>
    [Range(1, 100)] public int MaxDequeueCount { get; set; } = 5;
    /// <summary>The largest file an import accepts (an upload, or a referenced blob's size); bigger ones are refused before processing.</summary>
    [Range(1, long.MaxValue)] public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;
    /// <summary>The largest CSV record (the header included) or JSON element; a bigger row is rejected, a bigger header or JSON element fails the file.</summary>
    [Range(1024, 16 * 1024 * 1024)] public int MaxRecordBytes { get; set; } = 64 * 1024;
    /// <summary>
    /// A queued or running import with no write for this long has no live invocation (it must exceed host.json's
    /// functionTimeout, 10 minutes): it is marked failed with import.interrupted and may be restarted.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (StaleAfter <= TimeSpan.Zero) yield return new ValidationResult("Imports:StaleAfter must be positive.", [nameof(StaleAfter)]);
    }
}
