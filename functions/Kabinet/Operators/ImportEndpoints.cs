using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Operators;

public sealed record ImportCreated(string ImportId, string Status);

public sealed record ImportFailure(string Code, string Message, string? Detail);

public sealed record ImportRowError(int Row, int? Line, string Kind, int Index, string Code, string Message, string? Field, string? Value);

public sealed record ImportView(
    string ImportId, string Kind, string Format, string Source, string? FileName, string Status,
    int RowsTotal, int RowsDone, int Accepted, int Rejected, double Progress, Dictionary<string, KindCounts> ByKind,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    ImportFailure? Failure, int ErrorsStored, List<ImportRowError> Errors, string? NextErrorsCursor, int Restarts);

/// <summary>POST /api/operator/imports and GET /api/operator/imports/{id}.</summary>
public static class ImportEndpoints
{
    public const int ErrorsPageSize = 100;

    public static void MapImportEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/imports", Create)
            .WithSummary("Start an import: multipart (file, kind) or a JSON body (the import itself, or {kind, blob: \"imports/<path>\"} for a file uploaded to storage). See docs/imports.md.")
            .Produces<ImportCreated>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/imports/{id}/restart", Restart)
            .WithSummary("Start a failed (or interrupted) import again from its next uncommitted chunk. Idempotent: an import already queued or running is left as it is.")
            .Produces<ImportCreated>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/imports/{id}", Get)
            .WithSummary("Status, counts, progress and row errors (100 per page; errorsCursor for the next page).")
            .Produces<ImportView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private sealed record Upload(BinaryData? Content, string? Blob, string Format, string Kind, string? FileName);

    private static async Task<IResult> Create(HttpContext http, ImportProcessor processor, WorkQueues queues, ImportTables tables, Audit audit,
        IOptions<ImportOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var request = http.Request;
        Upload? upload;
        IResult? problem;
        var limits = options.Value;
        if (request.HasFormContentType) (upload, problem) = await FromFormAsync(http, limits, ct);
        else if (request.HasJsonContentType()) (upload, problem) = await FromJsonAsync(http, processor, limits, ct);
        else return Problems.Create(http, StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type");
        if (problem is not null) return problem;

        // Everything above is checked before anything is stored; should storing still fail half-way, nothing is left behind.
        var id = Guid.NewGuid().ToString("N");
        var source = upload!.Blob;
        var userId = http.User.UserId();
        var stored = new List<Func<Task>>();
        try
        {
            if (upload.Content is not null)
            {
                var path = $"{id}/source.{upload.Format}";
                var blob = processor.Blobs.GetBlobClient(path);
                stored.Add(() => blob.DeleteIfExistsAsync());
                await blob.UploadAsync(upload.Content, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = upload.Format == "json" ? "application/json" : "text/csv" },
                }, ct);
                source = $"{ImportProcessor.Container}/{path}";
            }
            var entity = new ImportEntity
            {
                PartitionKey = id, Kind = upload.Kind, Format = upload.Format, Source = source!, FileName = upload.FileName, ChunkRows = options.Value.ChunkRows,
                CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
            };
            // Its place in the list first: a list row without its import is skipped, an import without one would be hidden.
            var listed = ImportListEntity.For(entity);
            await tables.Imports.AddEntityAsync(listed, ct);
            stored.Add(() => tables.Imports.DeleteEntityAsync(listed.PartitionKey, listed.RowKey));
            await tables.Imports.AddEntityAsync(entity, ct);
            stored.Add(() => tables.Imports.DeleteEntityAsync(id, ImportEntity.Row));
            await queues.SendAsync(ImportMessage.QueueName, new ImportMessage(id, 0), ct);
        }
        catch
        {
            foreach (var undo in stored)
            {
                try { await undo(); }
                catch (RequestFailedException) { }
            }
            throw;
        }
        await audit.WriteAsync(userId, "import_created", http, new { importId = id, kind = upload.Kind, format = upload.Format, source }, ct);
        return TypedResults.Accepted($"/api/operator/imports/{id}", new ImportCreated(id, ImportStatus.Queued));
    }

    public const int MaxFileNameLength = 255;

    private static async Task<(Upload?, IResult?)> FromFormAsync(HttpContext http, ImportOptions limits, CancellationToken ct)
    {
        IFormCollection form;
        try { form = await http.Request.ReadFormAsync(ct); }
        catch (InvalidDataException) { return (null, Problems.Create(http, StatusCodes.Status400BadRequest, "request.invalid")); }
        catch (IOException) { return (null, Problems.Create(http, StatusCodes.Status400BadRequest, "request.invalid")); }
        var file = form.Files.GetFile("file");
        if (file is null) return (null, Problems.Invalid(http, "file", "import.file_required"));
        if (file.Length == 0) return (null, Problems.Invalid(http, "file", "import.file_empty"));
        if (file.Length > limits.MaxFileBytes) return (null, Problems.Invalid(http, "file", "import.file_too_large"));
        var fileName = Path.GetFileName(file.FileName);
        if (fileName.Length > MaxFileNameLength || fileName.Any(char.IsControl)) return (null, Problems.Invalid(http, "file", "import.file_name_invalid"));
        var requested = form["format"].ToString();
        if (requested.Length > 16) return (null, Problems.Invalid(http, "format", "import.format_unknown"));
        var kind = form["kind"].ToString().Trim();
        BinaryData content;
        await using (var stream = file.OpenReadStream()) content = await BinaryData.FromStreamAsync(stream, ct);
        var format = FormatOf(requested, file.FileName, content);
        if (format is null) return (null, Problems.Invalid(http, "format", "import.format_unknown"));
        if (KindProblem(http, kind, required: format == "csv") is { } bad) return (null, bad);
        return (new Upload(content, null, format, format == "csv" ? kind : "", fileName), null);
    }

    private static async Task<(Upload?, IResult?)> FromJsonAsync(HttpContext http, ImportProcessor processor, ImportOptions limits, CancellationToken ct)
    {
        var content = await BinaryData.FromStreamAsync(http.Request.Body, ct);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException) { return (null, Problems.Create(http, StatusCodes.Status400BadRequest, "request.malformed_json")); }
        if (Platform.Json.ValidText.FindInvalid(root) is { } invalidAt)
            return (null, Problems.Create(http, StatusCodes.Status400BadRequest, Platform.Json.ValidText.Code, new Dictionary<string, object?> { ["field"] = invalidAt }));
        if (root.ValueKind != JsonValueKind.Object) return (null, Problems.Invalid(http, "", "import.json_shape"));
        if (!root.TryGetProperty("blob", out var blob))
        {
            if (content.ToMemory().Length > limits.MaxFileBytes) return (null, Problems.Invalid(http, "", "import.file_too_large"));
            if (!root.TryGetProperty("rows", out _)) return (new Upload(content, null, "json", "", null), null);
            // {"kind", "rows"}: the kind is checked now (a bundle's sections are checked when it is read).
            var kind = root.TryGetProperty("kind", out var k) ? k.ValueKind == JsonValueKind.String ? k.GetString()! : "?" : "";
            if (KindProblem(http, kind, required: true) is { } badKind) return (null, badKind);
            return (new Upload(content, null, "json", kind, null), null);
        }

        // A reference to a file an operator uploaded to the imports container (azcopy, Storage Explorer), up to Imports:MaxFileBytes.
        var path = blob.ValueKind == JsonValueKind.String ? blob.GetString()! : "";
        var prefix = ImportProcessor.Container + "/";
        var name = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : "";
        if (name.Length == 0 || path.Length > 1024 || name.Split('/').Any(s => s is "" or "." or "..") || name.Any(char.IsControl))
            return (null, Problems.Invalid(http, "blob", "import.blob_invalid"));
        var requested = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (requested is { Length: > 16 }) return (null, Problems.Invalid(http, "format", "import.format_unknown"));
        var kindText = root.TryGetProperty("kind", out var kk) ? kk.ValueKind == JsonValueKind.String ? kk.GetString()!.Trim() : "?" : "";
        if (KindProblem(http, kindText, required: false) is { } badKindText) return (null, badKindText);
        var client = processor.Blobs.GetBlobClient(name);
        long size;
        try { size = (await client.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength; }
        catch (RequestFailedException e) when (e.Status == 404) { return (null, Problems.Invalid(http, "blob", "import.blob_not_found")); }
        if (size == 0) return (null, Problems.Invalid(http, "blob", "import.file_empty"));
        if (size > limits.MaxFileBytes) return (null, Problems.Invalid(http, "blob", "import.file_too_large"));
        BinaryData head = BinaryData.Empty;
        if (string.IsNullOrEmpty(requested) && Extension(name) is null)
            head = (await client.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, 1024) }, ct)).Value.Content;
        var format = FormatOf(requested, name, head);
        if (format is null) return (null, Problems.Invalid(http, "format", "import.format_unknown"));
        if (KindProblem(http, kindText, required: format == "csv") is { } bad) return (null, bad);
        return (new Upload(null, path, format, format == "csv" ? kindText : "", Path.GetFileName(name)), null);
    }

    private static string? Extension(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => "csv",
        ".json" => "json",
        _ => null,
    };

    /// <summary>An explicit format wins, then the file's extension, then its first character.</summary>
    private static string? FormatOf(string? requested, string? fileName, BinaryData head)
    {
        if (!string.IsNullOrWhiteSpace(requested))
            return requested.Trim().ToLowerInvariant() is "csv" or "json" ? requested.Trim().ToLowerInvariant() : null;
        return Extension(fileName ?? "") ?? ImportSources.Sniff(head.ToMemory().Span[..Math.Min(1024, head.ToMemory().Length)]);
    }

    /// <summary>The kind, when given, is one of the closed set (so nothing unbounded reaches storage); a CSV needs one.</summary>
    private static IResult? KindProblem(HttpContext http, string kind, bool required) =>
        kind.Length == 0 ? required ? Problems.Invalid(http, "kind", "import.kind_required") : null
        : !ImportKinds.IsKnown(kind) ? Problems.Invalid(http, "kind", "import.kind_unknown")
        : null;

    private static async Task<IResult> Get(string id, string? errorsCursor, HttpContext http, ImportProcessor processor, ImportTables tables, CancellationToken ct)
    {
        if (!ImportProcessor.IsImportId(id) || await processor.GetAsync(id, ct) is not { } import)
            return Problems.Create(http, StatusCodes.Status404NotFound, "import.not_found");
        import = await processor.FailIfStaleAsync(import, ct);
        var list = "import-errors/" + id;
        var after = 0;
        if (!string.IsNullOrEmpty(errorsCursor) && (PageCursor.Decode(errorsCursor, list, 1) is not [var row]
            || !int.TryParse(row, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
            return Problems.Invalid(http, "errorsCursor", PageCursor.InvalidCode);

        var messages = ErrorMessages.Of(http);
        var english = ErrorMessages.PrefersEnglish(http);
        var from = ImportErrorEntity.RowFor(after);
        var to = ImportErrorEntity.Prefix + "~";
        var errors = new List<ImportRowError>();
        var more = false;
        await foreach (var e in tables.Imports.QueryAsync<ImportErrorEntity>(
            x => x.PartitionKey == id && x.RowKey.CompareTo(from) > 0 && x.RowKey.CompareTo(to) < 0, maxPerPage: ErrorsPageSize + 1, cancellationToken: ct))
        {
            if (errors.Count == ErrorsPageSize) { more = true; break; }
            errors.Add(new ImportRowError(e.Row, e.Line, e.Kind, e.Index, e.Code, messages.Get(e.Code, english), e.Field, e.Value));
        }
        var s = ImportSummary.Of(import, messages, english);
        return TypedResults.Ok(new ImportView(
            s.ImportId, s.Kind, s.Format, s.Source, s.FileName, s.Status, s.RowsTotal, s.RowsDone, s.Accepted, s.Rejected, s.Progress, s.ByKind,
            s.CreatedBy, s.CreatedAt, s.StartedAt, s.FinishedAt, s.Failure,
            s.ErrorsStored, errors, more ? PageCursor.Encode(list, errors[^1].Row.ToString(CultureInfo.InvariantCulture)) : null, s.Restarts));
    }

    private static async Task<IResult> Restart(string id, HttpContext http, ImportProcessor processor, Audit audit, CancellationToken ct)
    {
        if (!ImportProcessor.IsImportId(id) || await processor.GetAsync(id, ct) is not { } import)
            return Problems.Create(http, StatusCodes.Status404NotFound, "import.not_found");
        if (import.Status == ImportStatus.Done) return Problems.Create(http, StatusCodes.Status409Conflict, "import.not_restartable");
        var (current, restarted) = await processor.RestartAsync(import, ct);
        if (current.Status == ImportStatus.Done) return Problems.Create(http, StatusCodes.Status409Conflict, "import.not_restartable");
        if (restarted)
            await audit.WriteAsync(http.User.UserId(), "import_restarted", http, new { importId = id, restarts = current.Restarts, fromChunk = current.NextChunk }, ct);
        return TypedResults.Accepted($"/api/operator/imports/{id}", new ImportCreated(id, current.Status));
    }
}
