using Kabinet.Notifications;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Microsoft.Extensions.Options;

namespace Kabinet.Operators;

/// <summary>
/// The work of ImportData. The first message of an import splits the file into chunk blobs of ChunkRows rows
/// (rows of one tariff stay together), then each invocation loads one chunk and enqueues the next.
/// Chunks run strictly in order; the import record's NextChunk says which one is due, and the chunk's counters
/// and that marker are committed together under the record's ETag, so a message processed twice counts once.
/// </summary>
public sealed class ImportProcessor(ImportTables tables, AccountTables accounts, ProviderTables providers, BillingTables billing, BlobServiceClient blobs, WorkQueues queues, Notifier notifier, IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportProcessor> log)
{
    public const string Container = "imports";
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public BlobContainerClient Blobs => blobs.GetBlobContainerClient(Container);

    public static string ChunkBlob(string importId, int chunk) => $"{importId}/chunks/{chunk:D6}.json";

    public static bool IsImportId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task HandleAsync(ImportMessage message, QueueTrigger trigger)
    {
        var ct = trigger.CancellationToken;
        if (!IsImportId(message.ImportId) || message.Chunk < 0)
        {
            log.LogWarning("Dropped import message {MessageId}: no valid import id or chunk", trigger.Metadata.Id);
            return;
        }
        try
        {
            await HandleCoreAsync(message, trigger, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The invocation was cancelled (timeout, shutdown): the import must not stay "running" with nobody on it.
            // Committed chunks stay committed; a restart goes on from the next one.
            log.LogWarning("Import {ImportId} interrupted at chunk {Chunk}", message.ImportId, message.Chunk);
            try { await FailAsync(message.ImportId, "import.interrupted", $"cancelled at chunk {message.Chunk}", CancellationToken.None); }
            catch (Exception inner) { log.LogError(inner, "Could not mark import {ImportId} interrupted", message.ImportId); }
            throw;
        }
    }

    private async Task HandleCoreAsync(ImportMessage message, QueueTrigger trigger, CancellationToken ct)
    {
        var import = await GetAsync(message.ImportId, ct);
        if (import is null)
        {
            // Nothing to do and nothing retrying could change: the record is always written before its first message.
            log.LogWarning("Dropped import message {MessageId}: import {ImportId} does not exist", trigger.Metadata.Id, message.ImportId);
            return;
        }
        if (import.Status is ImportStatus.Done or ImportStatus.Failed)
        {
            // A retry after the invocation that finished it stopped before its notice: raising again is the same notice.
            if (trigger.DequeueCount > 1) await FinishedAsync(import, ct);
            return;
        }
        try
        {
            if (import.ChunkCount is null)
            {
                import = await PrepareAsync(import, ct);
                if (import.Status != ImportStatus.Running) return;
            }
            if (message.Chunk != import.NextChunk)
            {
                // Chunk k committed already. If this is a retry of k (its successor's enqueue may have failed after the
                // commit), send the successor again; a duplicate of it is skipped the same way.
                if (message.Chunk == import.NextChunk - 1 && trigger.DequeueCount > 1 && import.NextChunk < import.ChunkCount)
                    await queues.SendAsync(ImportMessage.QueueName, new ImportMessage(import.ImportId, import.NextChunk), ct);
                log.LogInformation("Import {ImportId}: chunk {Chunk} skipped, chunk {NextChunk} is due", import.ImportId, message.Chunk, import.NextChunk);
                return;
            }
            await ProcessChunkAsync(import, message.Chunk, ct);
        }
        catch (ImportFileException e)
        {
            // The file itself is unusable: retrying cannot help, so the import fails with the reason and the message is done.
            log.LogWarning("Import {ImportId} failed: {Code} {Detail}", import.ImportId, e.Code, e.Detail);
            await FailAsync(import.ImportId, e.Code, e.Detail, ct);
        }
        catch (Exception e) when (trigger.DequeueCount >= options.Value.MaxDequeueCount && e is not OperationCanceledException)
        {
            // The last try: the message goes to imports-poison after this, so the import must not stay "running" forever.
            log.LogError(e, "Import {ImportId} chunk {Chunk} failed on its last try", import.ImportId, message.Chunk);
            try { await FailAsync(import.ImportId, "import.processing_failed", e.Message, CancellationToken.None); }
            catch (Exception inner) { log.LogError(inner, "Could not mark import {ImportId} failed", import.ImportId); }
            throw;
        }
    }

    /// <summary>
    /// Marks the import failed with import.interrupted when it is queued or running but nothing has written it for
    /// StaleAfter (longer than any invocation may live): whatever was working on it is gone.
    /// </summary>
    public async Task<ImportEntity> FailIfStaleAsync(ImportEntity import, CancellationToken ct)
    {
        var staleAfter = options.Value.StaleAfter;
        if (!ImportRuns.IsStale(import, clock.GetUtcNow(), staleAfter)) return import;
        var failed = await UpdateAsync(import.ImportId, i =>
        {
            if (!ImportRuns.IsStale(i, clock.GetUtcNow(), staleAfter)) return false;
            i.Status = ImportStatus.Failed;
            i.FailureCode = "import.interrupted";
            i.FailureDetail = $"no progress since {i.Timestamp:O}" + (i.ChunkCount is null ? " (while splitting the file)" : $" (chunk {i.NextChunk} of {i.ChunkCount})");
            i.FinishedAt = clock.GetUtcNow();
            return true;
        }, ct);
        if (failed is not null)
        {
            log.LogWarning("Import {ImportId} had no progress for {StaleAfter}: marked interrupted", import.ImportId, staleAfter);
            await FinishedAsync(failed, ct);
        }
        return failed ?? await GetAsync(import.ImportId, ct) ?? import;
    }

    /// <summary>
    /// Starts a failed import again from where it stopped: chunks already committed stay, the next one is enqueued
    /// (or the file is split again when it never was). Only the caller whose update wins enqueues, so a repeated or
    /// concurrent restart sends one message; restarting an import that is queued or running changes nothing.
    /// </summary>
    public async Task<(ImportEntity Import, bool Restarted)> RestartAsync(ImportEntity import, CancellationToken ct)
    {
        import = await FailIfStaleAsync(import, ct);
        if (import.Status != ImportStatus.Failed) return (import, false);
        var restarted = await UpdateAsync(import.ImportId, i =>
        {
            if (i.Status != ImportStatus.Failed) return false;
            i.Status = i.ChunkCount is null ? ImportStatus.Queued : ImportStatus.Running;
            i.FailureCode = null;
            i.FailureDetail = null;
            i.FinishedAt = null;
            i.Restarts++;
            return true;
        }, ct);
        if (restarted is null) return (await GetAsync(import.ImportId, ct) ?? import, false);
        await queues.SendAsync(ImportMessage.QueueName, new ImportMessage(restarted.ImportId, restarted.ChunkCount is null ? 0 : restarted.NextChunk), ct);
        return (restarted, true);
    }

    public async Task<ImportEntity?> GetAsync(string importId, CancellationToken ct) =>
        (await tables.Imports.GetEntityIfExistsAsync<ImportEntity>(importId, ImportEntity.Row, cancellationToken: ct)) is { HasValue: true } r ? r.Value : null;

    /// <summary>Reads the record and applies <paramref name="change"/> under its ETag until it sticks (bounded); null when change declines.</summary>
    private async Task<ImportEntity?> UpdateAsync(string importId, Func<ImportEntity, bool> change, CancellationToken ct)
    {
        var updated = await tables.Imports.UpdateWithRetryAsync<ImportEntity>(importId, ImportEntity.Row, change, ct);
        return updated.Outcome switch
        {
            UpdateOutcome.Missing => throw new InvalidOperationException($"import {importId} vanished"),
            UpdateOutcome.Updated => updated.Entity,
            _ => null,
        };
    }

    public async Task FailAsync(string importId, string code, string? detail, CancellationToken ct)
    {
        var failed = await UpdateAsync(importId, i =>
        {
            if (i.Status is ImportStatus.Done or ImportStatus.Failed) return false;
            i.Status = ImportStatus.Failed;
            i.FailureCode = code;
            i.FailureDetail = detail is { Length: > 1000 } ? detail[..1000] : detail;
            i.StartedAt ??= clock.GetUtcNow();
            i.FinishedAt = clock.GetUtcNow();
            return true;
        }, ct);
        if (failed is not null) await FinishedAsync(failed, ct);
    }

    /// <summary>
    /// Tells the operator who started the import that it is done or failed, once per outcome: only the invocation whose
    /// update made it so gets here, and the notice's key is the import's (and its restart's, for a failure).
    /// </summary>
    private async Task FinishedAsync(ImportEntity import, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(import.CreatedBy)) return;
        var draft = import.Status == ImportStatus.Done
            ? NoticeTemplates.ImportFinished(import.ImportId, import.Kind, import.FileName, import.RowsTotal, import.Accepted, import.Rejected)
            : NoticeTemplates.ImportFailed(import.ImportId, import.Restarts, import.Kind, import.FileName, import.FailureCode, import.RowsDone, import.RowsTotal);
        await notifier.RaiseAfterAsync(draft, NoticeFor.User(import.CreatedBy), log, ct);
    }

    /// <summary>Splits the source into chunk blobs and records how many rows and chunks there are.</summary>
    private async Task<ImportEntity> PrepareAsync(ImportEntity import, CancellationToken ct)
    {
        import = await UpdateAsync(import.ImportId, i =>
        {
            if (i.Status != ImportStatus.Queued) return false;
            i.Status = ImportStatus.Running;
            i.StartedAt = clock.GetUtcNow();
            return true;
        }, ct) ?? await GetAsync(import.ImportId, ct) ?? import;
        if (import.ChunkCount is not null || import.Status != ImportStatus.Running) return import;

        var (container, path) = SplitSource(import.Source);
        var source = blobs.GetBlobContainerClient(container).GetBlobClient(path);
        var settings = options.Value;
        BlobProperties properties;
        try { properties = (await source.GetPropertiesAsync(cancellationToken: ct)).Value; }
        catch (RequestFailedException e) when (e.Status == 404) { throw new ImportFileException("import.source_missing", import.Source); }
        if (properties.ContentLength > settings.MaxFileBytes)
            throw new ImportFileException("import.file_too_large", $"{properties.ContentLength} bytes, at most {settings.MaxFileBytes}");
        // Read straight from the blob (no local copy), pinned to the version just checked: an overwrite mid-way fails the read.
        Stream Open(long position) => source.OpenRead(new BlobOpenReadOptions(allowModifications: false)
        {
            Position = position, BufferSize = 1024 * 1024, Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
        }, ct);

        var total = 0;
        var chunks = 0;
        var kinds = new HashSet<string>();
        var buffer = new List<SourceRow>();
        long bufferBytes = 0;
        var tariffs = new List<SourceRow>();
        long tariffBytes = 0;
        var uploads = new List<Task>();
        async Task Flush(bool force)
        {
            if (buffer.Count == 0 || (!force && buffer.Count < import.ChunkRows && bufferBytes < settings.MaxChunkBytes)) return;
            var data = BinaryData.FromObjectAsJson(buffer, Json);
            buffer = [];
            bufferBytes = 0;
            uploads.Add(Blobs.GetBlobClient(ChunkBlob(import.ImportId, chunks++)).UploadAsync(data, overwrite: true, ct));
            if (uploads.Count >= 4) { await Task.WhenAll(uploads); uploads.Clear(); }
        }
        void Add(SourceRow row)
        {
            buffer.Add(row);
            bufferBytes += ImportRuns.Size(row);
        }
        async Task FlushTariffs()
        {
            // All band rows of one tariff land in one chunk, where they merge into one TariffEntity.
            foreach (var group in tariffs.GroupBy(TariffGroup))
            {
                foreach (var row in group) Add(row);
                await Flush(false);
            }
            tariffs.Clear();
            tariffBytes = 0;
        }
        try
        {
            foreach (var row in ImportSources.Read(Open, import.Format, import.Kind, settings.MaxRecordBytes))
            {
                total++;
                kinds.Add(row.Kind);
                if (row.Kind == "tariffs")
                {
                    // Held until the section ends (a tariff's rows may be anywhere in it), so bounded.
                    tariffs.Add(row);
                    if ((tariffBytes += ImportRuns.Size(row)) > 4L * settings.MaxChunkBytes)
                        throw new ImportFileException("import.tariffs_too_large", $"over {4L * settings.MaxChunkBytes} bytes of tariff rows");
                    continue;
                }
                if (tariffs.Count > 0) await FlushTariffs();
                Add(row);
                await Flush(false);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            throw new ImportFileException(e.Status == 404 ? "import.source_missing" : "import.source_changed", import.Source);
        }
        if (tariffs.Count > 0) await FlushTariffs();
        await Flush(true);
        await Task.WhenAll(uploads);

        log.LogInformation("Import {ImportId}: {Rows} rows in {Chunks} chunks", import.ImportId, total, chunks);
        var prepared = await UpdateAsync(import.ImportId, i =>
        {
            if (i.ChunkCount is not null || i.Status != ImportStatus.Running) return false;
            i.ChunkCount = chunks;
            i.RowsTotal = total;
            if (i.Format == "json") i.Kind = kinds.Count == 1 ? kinds.First() : ImportKinds.Bundle;
            if (chunks == 0)
            {
                i.Status = ImportStatus.Done;
                i.FinishedAt = clock.GetUtcNow();
            }
            return true;
        }, ct);
        if (prepared?.Status == ImportStatus.Done) await FinishedAsync(prepared, ct);
        return prepared ?? (await GetAsync(import.ImportId, ct))!;
    }

    private static string TariffGroup(SourceRow row) =>
        string.Join('\n', new[] { "providerId", "service", "zoneSet", "effectiveFrom" }.Select(f => row.Fields.GetValueOrDefault(f)?.Trim().ToLowerInvariant() ?? ""))
        + (row.Error is null ? "" : "\n#" + row.Row);

    public static (string Container, string Path) SplitSource(string source)
    {
        var slash = source.IndexOf('/');
        return (source[..slash], source[(slash + 1)..]);
    }

    private async Task ProcessChunkAsync(ImportEntity import, int chunk, CancellationToken ct)
    {
        List<SourceRow> rows;
        try
        {
            rows = (await Blobs.GetBlobClient(ChunkBlob(import.ImportId, chunk)).DownloadContentAsync(ct)).Value.Content.ToObjectFromJson<List<SourceRow>>(Json)!;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new InvalidOperationException($"chunk blob {ChunkBlob(import.ImportId, chunk)} is missing", e);
        }

        var batch = new ImportBatch(accounts, providers, billing, options.Value.Parallelism, import.CreatedAt, ct);
        var start = 0;
        while (start < rows.Count)
        {
            var end = start;
            while (end < rows.Count && rows[end].Kind == rows[start].Kind) end++;
            await batch.ProcessAsync(rows[start].Kind, rows.GetRange(start, end - start));
            start = end;
        }

        // Errors are numbered from the import's count before this chunk, which is fixed while this chunk is due.
        var cap = options.Value.MaxStoredErrors;
        var stored = batch.Errors.OrderBy(e => e.Row.Row).Take(Math.Max(0, cap - import.Rejected)).Select(e => new ImportErrorEntity
        {
            PartitionKey = import.ImportId, RowKey = ImportErrorEntity.RowFor(e.Row.Row), Row = e.Row.Row, Line = e.Row.Line, Kind = e.Row.Kind, Index = e.Row.Index,
            Code = e.Error.Code, Field = ImportRuns.Cut(e.Error.Field), Value = ImportRuns.Cut(e.Error.Value),
        }).ToList();
        foreach (var part in stored.Chunk(100))
            await tables.Imports.SubmitTransactionAsync(part.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);

        var committed = await UpdateAsync(import.ImportId, i =>
        {
            if (i.NextChunk != chunk || i.Status != ImportStatus.Running) return false;
            i.RowsDone += rows.Count;
            i.Accepted += batch.Accepted;
            i.Rejected += batch.Errors.Count;
            i.ErrorsStored = Math.Min(cap, i.Rejected);
            var byKind = JsonSerializer.Deserialize<Dictionary<string, KindCounts>>(i.CountsByKind, Json) ?? [];
            foreach (var (kind, (accepted, rejected)) in batch.Counts)
            {
                var c = byKind.GetValueOrDefault(kind) ?? new KindCounts(0, 0);
                byKind[kind] = new KindCounts(c.Accepted + accepted, c.Rejected + rejected);
            }
            i.CountsByKind = JsonSerializer.Serialize(byKind, Json);
            i.NextChunk = chunk + 1;
            if (i.NextChunk >= i.ChunkCount)
            {
                i.Status = ImportStatus.Done;
                i.FinishedAt = clock.GetUtcNow();
            }
            return true;
        }, ct);
        if (committed is null)
        {
            log.LogInformation("Import {ImportId}: chunk {Chunk} was committed by another invocation", import.ImportId, chunk);
            return;
        }
        log.LogInformation("Import {ImportId}: chunk {Chunk}/{Chunks} done, {Accepted} accepted, {Rejected} rejected",
            import.ImportId, chunk + 1, committed.ChunkCount, batch.Accepted, batch.Errors.Count);
        if (committed.Status == ImportStatus.Running)
            await queues.SendAsync(ImportMessage.QueueName, new ImportMessage(import.ImportId, chunk + 1), ct);
        else await FinishedAsync(committed, ct);
    }
}

public sealed record KindCounts(int Accepted, int Rejected);
