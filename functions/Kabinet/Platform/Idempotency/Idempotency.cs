using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Platform.Idempotency;

/// <summary>
/// idempotency: PK = user id, RK = the escaped Idempotency-Key. A "pending" row is inserted before the
/// endpoint runs (insert-if-absent: one of two concurrent duplicates wins), then replaced by the answer.
/// </summary>
public sealed class IdempotencyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    /// <summary>Hex SHA-256 of method, path and body.</summary>
    public string RequestHash { get; set; } = "";
    /// <summary>pending or done.</summary>
    public string State { get; set; } = IdempotencyRules.Pending;
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Marks a POST endpoint as honouring <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentMetadata;

public static class IdempotencyRules
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 100;
    public const string Pending = "pending";
    public const string Done = "done";
    /// <summary>A pending row older than this was left by a crashed request: the key may run again.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);

    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && !key.Any(char.IsControl);

    public static string Hash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(method.ToUpperInvariant() + " " + path + "\n"));
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Only successful answers are kept: after a refusal the client may fix the body and retry with the same key.</summary>
    public static bool IsStored(int status) => status is >= 200 and < 300;
}

/// <summary>The idempotency table; <c>Storage:TablePrefix</c> as for the other tables.</summary>
public sealed class IdempotencyTable(TableServiceClient service, IConfiguration config)
{
    public TableClient Table { get; } = service.GetTableClient((config["Storage:TablePrefix"] ?? "") + "idempotency");
}

public sealed class IdempotencyStartup(IdempotencyTable table, ILogger<IdempotencyStartup> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => StartupWork.TryAsync(log, "create the idempotency table", c => table.Table.CreateIfNotExistsAsync(c), ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// <c>Idempotency-Key</c> for POSTs marked with <see cref="IdempotencySetup.Idempotent{T}"/>: a repeat with the same key and
/// body gets the first answer (status, body, Location) with <c>Idempotent-Replayed: true</c>; the same key with another
/// body → 409 <c>request.idempotency_key_reused</c>; a duplicate while the first still runs → 409 <c>request.in_progress</c>.
/// Keys are per user. Only 2xx answers are kept; otherwise the key is released.
/// </summary>
public static class IdempotencySetup
{
    private const string Registered = "Kabinet.Idempotency.Registered";

    public static void AddIdempotency(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(IdempotencyTable))) return;
        builder.Services.AddSingleton<IdempotencyTable>().AddHostedService<IdempotencyStartup>();
        ErrorMessages.Add("request.idempotency_key_reused", "Этот ключ Idempotency-Key уже использован для другого запроса.", "This Idempotency-Key was already used for another request.");
        ErrorMessages.Add("request.in_progress", "Такой же запрос ещё выполняется. Повторите позже.", "The same request is still in progress. Retry later.");
        ErrorMessages.Add("request.idempotency_key_invalid", "Idempotency-Key — от 1 до 100 символов без управляющих символов.", "Idempotency-Key must have 1 to 100 characters, no control characters.");
    }

    /// <summary>Adds the middleware once (after authentication: keys are per user).</summary>
    public static void UseIdempotency(this WebApplication app)
    {
        var properties = ((IApplicationBuilder)app).Properties;
        if (properties.ContainsKey(Registered)) return;
        properties[Registered] = true;
        app.Use(InvokeAsync);
    }

    public static TBuilder Idempotent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentMetadata());

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var key = http.Request.Headers[IdempotencyRules.Header].ToString();
        var userId = http.User.UserId();
        if (!HttpMethods.IsPost(http.Request.Method) || key.Length == 0 || userId.Length == 0
            || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>() is null)
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
        var hash = IdempotencyRules.Hash(http.Request.Method, http.Request.Path, buffered.GetBuffer().AsSpan(0, (int)buffered.Length));

        var table = http.RequestServices.GetRequiredService<IdempotencyTable>().Table;
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var row = new IdempotencyEntity { PartitionKey = userId, RowKey = TableKeys.Escape(key), RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        if (!await ClaimAsync(table, row, http, ct)) return;

        var original = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        catch
        {
            http.Response.Body = original;
            await ReleaseAsync(table, row);
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
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, CancellationToken.None);
        }
        else
        {
            await ReleaseAsync(table, row);
        }
        if (bytes.Length > 0) await original.WriteAsync(bytes, ct);
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
            if (existing.State == IdempotencyRules.Done)
            {
                http.Response.StatusCode = existing.Status;
                http.Response.Headers["Idempotent-Replayed"] = "true";
                if (existing.ContentType is not null) http.Response.ContentType = existing.ContentType;
                if (existing.Location is not null) http.Response.Headers.Location = existing.Location;
                if (existing.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, ct);
                return false;
            }
            if (row.CreatedAt - existing.CreatedAt > IdempotencyRules.PendingTimeout)
            {
                try
                {
                    var taken = await table.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, ct);
                    row.ETag = taken.Headers.ETag ?? default;
                    return true;
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404) { continue; }
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
