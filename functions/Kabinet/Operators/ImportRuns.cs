namespace Kabinet.Operators;

/// <summary>Pure rules about an import's run: when it counts as abandoned, and sizes kept within bounds.</summary>
public static class ImportRuns
{
    /// <summary>Queued or running, and not written for longer than <paramref name="staleAfter"/> (the record's Timestamp moves on every write).</summary>
    public static bool IsStale(ImportEntity import, DateTimeOffset now, TimeSpan staleAfter) =>
        import.Status is ImportStatus.Queued or ImportStatus.Running
        && import.Timestamp is { } written && now - written > staleAfter;

    /// <summary>Rows done of rows total, to 4 places (a done import with no rows is 1).</summary>
    public static double Progress(ImportEntity import) =>
        import.RowsTotal > 0 ? Math.Round((double)import.RowsDone / import.RowsTotal, 4) : import.Status == ImportStatus.Done ? 1 : 0;

    /// <summary>About what a row costs in a chunk blob, in bytes.</summary>
    public static long Size(SourceRow row)
    {
        long size = 64 + (row.ErrorField?.Length ?? 0);
        foreach (var (key, value) in row.Fields) size += key.Length + 8 + (value?.Length ?? 0) * 2;
        return size;
    }

    /// <summary>A value kept in a row error: at most 100 characters, as a table property and a response must stay small.</summary>
    public static string? Cut(string? value) => value is { Length: > 100 } ? value[..100] : value;
}
