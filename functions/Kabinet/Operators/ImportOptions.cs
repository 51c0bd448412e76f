using System.ComponentModel.DataAnnotations;

namespace Kabinet.Operators;

/// <summary>Settings of operator imports (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Rows per ImportData invocation. Stored on the import when it is created, so the processing instance uses the creator's value.</summary>
    [Range(10, 50_000)] public int ChunkRows { get; set; } = 2_000;
    /// <summary>Row errors stored per import (all are counted).</summary>
    [Range(0, 1_000_000)] public int MaxStoredErrors { get; set; } = 1_000;
    /// <summary>Concurrent storage calls while a chunk is written.</summary>
    [Range(1, 256)] public int Parallelism { get; set; } = 32;
    /// <summary>The host's maxDequeueCount (host.json): the last try marks the import failed before the message goes to poison.</summary>
    [Range(1, 100)] public int MaxDequeueCount { get; set; } = 5;
}
