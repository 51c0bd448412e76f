using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;

namespace Kabinet.Platform.Idempotency;

/// <summary>
/// idempotency: PK = user id, RK = the escaped Idempotency-Key. A "pending" row is inserted before the
/// endpoint runs (insert-if-absent: one of two concurrent duplicates wins), then replaced by the answer, or marked
/// "failed" when the endpoint failed after it started. State only moves forward: pending → done | failed.
/// </summary>
public sealed class IdempotencyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    /// <summary>Hex SHA-256 of method, path and the canonical body (<see cref="IdempotencyRules.Canonical"/>).</summary>
    public string RequestHash { get; set; } = "";
    /// <summary>pending, done or failed.</summary>
    public string State { get; set; } = IdempotencyRules.Pending;
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Marks a POST endpoint as honouring <c>Idempotency-Key</c>; <see cref="Required"/>: a request without one is refused (money-moving POSTs);
/// <see cref="Anonymous"/>: callers without a user share one partition of keys (a public POST; the key is the client's random id, and
/// the same key with another body is refused as reused).
/// </summary>
public sealed record IdempotentMetadata(bool Required = false, bool Anonymous = false);

public static class IdempotencyRules
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;
    public const string Pending = "pending";
    public const string Done = "done";
    /// <summary>The request failed after it started (an exception or a 5xx): its effects may be partly applied, so it never runs again.</summary>
    public const string Failed = "failed";
    /// <summary>The partition of the keys of callers without a user, on endpoints marked <see cref="IdempotentMetadata.Anonymous"/>.</summary>
    public const string AnonymousPartition = "anonymous";
    /// <summary>
    /// A pending row older than this was left by a request that crashed or could not store its answer. Whether its effects
    /// happened is unknown, so it is not run again either: the key answers as failed.
    /// </summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);
    /// <summary>Attempts to store the answer (or the failure) before giving up and leaving the row pending.</summary>
    public const int StoreAttempts = 3;
    /// <summary>A table property holds 64 KiB; a larger answer cannot be kept and leaves the key pending.</summary>
    public const int MaxStoredBody = 64 * 1024;

    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && !key.Any(char.IsControl);

    /// <summary>
    /// The body as compared: a JSON body (by its content type) with object keys sorted (ordinal, recursively), minimal
    /// whitespace and strings re-escaped one way, so the same JSON written another way is the same request; numbers keep their
    /// text (1.0 is not 1). Anything else, or JSON that does not parse, is compared by its bytes.
    /// </summary>
    public static byte[] Canonical(ReadOnlyMemory<byte> body, string? contentType)
    {
        if (body.Length == 0 || !IsJson(contentType)) return body.ToArray();
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                WriteCanonical(writer, document.RootElement);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return body.ToArray();
        }
    }

    private static bool IsJson(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim() ?? "";
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    public static string Hash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(method.ToUpperInvariant() + " " + path + "\n"));
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Only successful answers are kept: after a refusal the client may fix the body and retry with the same key.</summary>
    public static bool IsStored(int status) => status is >= 200 and < 300;

    /// <summary>A 5xx may come after some effects: the key is spent. A 4xx refuses before any effect: the key is released.</summary>
    public static bool IsFailure(int status) => status >= 500;

    /// <summary>What a request with the key of <paramref name="existing"/> (same body) gets, at <paramref name="now"/>.</summary>
    public static string Outcome(IdempotencyEntity existing, DateTimeOffset now) =>
        existing.State == Done ? Done
        : existing.State == Failed || now - existing.CreatedAt > PendingTimeout ? Failed
        : Pending;
}

/// <summary>The idempotency table, over <see cref="Tables"/>.</summary>
public sealed class IdempotencyTable(Tables tables)
{
    public const string Name = "idempotency";
    public TableClient Table => tables.Get(Name);
}

/// <summary>
/// <c>Idempotency-Key</c> for POSTs marked with <see cref="IdempotencySetup.Idempotent{T}"/>: a repeat with the same key and
/// body gets the first answer (status, body, Location) with <c>Idempotent-Replayed: true</c>; the same key with another
/// body → 409 <c>request.idempotency_key_reused</c>; a duplicate while the first still runs → 409 <c>request.in_progress</c>.
/// Keys are per user. Only 2xx answers are kept; after a 4xx the key is released. A request that threw or answered 5xx
/// after it started keeps its key as failed: the same key then answers 409 <c>request.idempotency_key_failed</c>, and the
/// request never runs twice. If the answer cannot be stored (after <see cref="IdempotencyRules.StoreAttempts"/> tries) the
/// client still gets it, and the key stays pending: in progress, then failed after <see cref="IdempotencyRules.PendingTimeout"/>.
/// </summary>
public static class IdempotencySetup
{
    private const string Registered = "Kabinet.Idempotency.Registered";

    public static void AddIdempotency(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(IdempotencyTable))) return;
        builder.Services.AddSingleton<IdempotencyTable>().AddTables(IdempotencyTable.Name);
        builder.Services.AddErrors(IdempotencyErrors.Catalog);
    }

    /// <summary>Adds the middleware once (after authentication: keys are per user); <c>UsePlatform</c> calls it.</summary>
    public static void UseIdempotency(this WebApplication app)
    {
        var properties = ((IApplicationBuilder)app).Properties;
        if (properties.ContainsKey(Registered)) return;
        properties[Registered] = true;
        app.Use(InvokeAsync);
    }

    public static TBuilder Idempotent<TBuilder>(this TBuilder builder, bool required = false, bool anonymous = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentMetadata(required, anonymous));

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var key = http.Request.Headers[IdempotencyRules.Header].ToString();
        var userId = (http.RequestServices.GetService<CallerId>() ?? CallerId.Standard).Of(http.User);
        var metadata = http.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>();
        if (HttpMethods.IsPost(http.Request.Method) && metadata is { Required: true } && key.Length == 0)
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "request.idempotency_key_required");
            return;
        }
        if (userId.Length == 0 && metadata is { Anonymous: true }) userId = IdempotencyRules.AnonymousPartition;
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || userId.Length == 0 || metadata is null)
        {
            await next(http);
            return;
        }
        if (!IdempotencyRules.IsValidKey(key))
        {
            await Problems.Write(http, StatusCodes.Status400BadRequest, "request.idempotency_key_invalid");
            return;
        }

        var ct = http.RequestAborted;
        using var buffered = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffered, ct);
        buffered.Position = 0;
        http.Request.Body = buffered;
        var hash = IdempotencyRules.Hash(http.Request.Method, http.Request.Path,
            IdempotencyRules.Canonical(buffered.GetBuffer().AsMemory(0, (int)buffered.Length), http.Request.ContentType));

        var table = http.RequestServices.GetRequiredService<IdempotencyTable>().Table;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var row = new IdempotencyEntity { PartitionKey = userId, RowKey = TableKeys.Escape(key), RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        if (!await ClaimAsync(table, row, http, ct)) return;

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Idempotency");
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException)
        {
            // Refused while binding the body: the endpoint never ran.
            http.Response.Body = original;
            await ReleaseAsync(table, row);
            throw;
        }
        catch
        {
            http.Response.Body = original;
            row.State = IdempotencyRules.Failed;
            row.Status = StatusCodes.Status500InternalServerError;
            await StoreAsync(table, row, log);
            throw;
        }
        http.Response.Body = original;
        var bytes = captured.ToArray();
        if (IdempotencyRules.IsStored(http.Response.StatusCode))
        {
            row.State = IdempotencyRules.Done;
            row.Status = http.Response.StatusCode;
            row.ContentType = http.Response.ContentType;
            row.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
            row.Body = bytes;
            if (bytes.Length > IdempotencyRules.MaxStoredBody)
                log.LogError("The answer to {Path} ({Bytes} bytes) is too large to keep for Idempotency-Key replay; the key stays pending", http.Request.Path, bytes.Length);
            else await StoreAsync(table, row, log);
        }
        else if (IdempotencyRules.IsFailure(http.Response.StatusCode))
        {
            row.State = IdempotencyRules.Failed;
            row.Status = http.Response.StatusCode;
            await StoreAsync(table, row, log);
        }
        else
        {
            await ReleaseAsync(table, row);
        }
        // The effects happened: the client gets the real answer even when it could not be kept.
        if (bytes.Length > 0) await original.WriteAsync(bytes, ct);
    }

    /// <summary>Replaces the pending row with its outcome, a few times on transient errors; on failure the row stays pending (never run again).</summary>
    private static async Task StoreAsync(TableClient table, IdempotencyEntity row, ILogger log)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, CancellationToken.None);
                return;
            }
            catch (RequestFailedException ex) when (attempt < IdempotencyRules.StoreAttempts && ex.Status is 408 or 429 or >= 500)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
            catch (Exception ex) when (ex is RequestFailedException or IOException or TimeoutException or OperationCanceledException)
            {
                log.LogError(ex, "Could not keep the {State} answer for Idempotency-Key {Key}; it stays pending", row.State, row.RowKey);
                return;
            }
        }
    }

    /// <summary>Inserts the pending row, or answers from (or about) the row that is there. True when the request should run.</summary>
    private static async Task<bool> ClaimAsync(TableClient table, IdempotencyEntity row, HttpContext http, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var added = await table.AddEntityAsync(row, ct);
                row.ETag = added.Headers.ETag ?? default;
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status == 409) { }

            var found = await table.GetEntityIfExistsAsync<IdempotencyEntity>(row.PartitionKey, row.RowKey, cancellationToken: ct);
            if (!found.HasValue) continue; // released meanwhile: try again
            var existing = found.Value!;
            if (existing.RequestHash != row.RequestHash)
            {
                await Problems.Write(http, StatusCodes.Status409Conflict, "request.idempotency_key_reused");
                return false;
            }
            var outcome = IdempotencyRules.Outcome(existing, row.CreatedAt);
            if (outcome == IdempotencyRules.Done)
            {
                http.Response.StatusCode = existing.Status;
                http.Response.Headers["Idempotent-Replayed"] = "true";
                if (existing.ContentType is not null) http.Response.ContentType = existing.ContentType;
                if (existing.Location is not null) http.Response.Headers.Location = existing.Location;
                if (existing.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, ct);
                return false;
            }
            if (outcome == IdempotencyRules.Failed)
            {
                await Problems.Write(http, StatusCodes.Status409Conflict, "request.idempotency_key_failed");
                return false;
            }
            http.Response.Headers.RetryAfter = "1";
            await Problems.Write(http, StatusCodes.Status409Conflict, "request.in_progress");
            return false;
        }
        await Problems.Write(http, StatusCodes.Status409Conflict, "request.in_progress");
        return false;
    }

    private static async Task ReleaseAsync(TableClient table, IdempotencyEntity row)
    {
        try { await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, CancellationToken.None); }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412) { }
    }
}
