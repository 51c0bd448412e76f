using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Errors;

namespace Kabinet.Platform.Storage;

public enum UpdateOutcome { Updated, Unchanged, Missing }

/// <summary>What <see cref="TableUpdates.UpdateWithRetryAsync{T}(Func{CancellationToken, Task{T}}, Func{T, bool}, Func{T, CancellationToken, Task}, CancellationToken, int, T, Func{RequestFailedException, bool})"/> ended with: the row as written (or as read, when the change declined), or none.</summary>
public readonly record struct UpdateResult<T>(UpdateOutcome Outcome, T? Entity) where T : class
{
    public bool Updated => Outcome == UpdateOutcome.Updated;
}

/// <summary>The row kept changing under a read-modify-write: 409 <c>storage.changed_meanwhile</c>, never a 500.</summary>
public sealed class UpdateContendedException(string what, int attempts)
    : ProblemException(StatusCodes.Status409Conflict, ErrorCode)
{
    public const string ErrorCode = "storage.changed_meanwhile";

    public string What { get; } = what;
    public int Attempts { get; } = attempts;
    public override string Message => $"{What} kept changing under {Attempts} attempts to update it";
}

/// <summary>Read, decide, write under the ETag read; on a lost race (412, or 409 for an insert) read again and decide again, a bounded number of times.</summary>
public static class TableUpdates
{
    /// <summary>Each lost race means another write landed, so few are ever needed.</summary>
    public const int DefaultAttempts = 10;

    /// <summary>
    /// <paramref name="read"/> the current state (null: gone → <see cref="UpdateOutcome.Missing"/>); <paramref name="change"/> it in
    /// place, or decline (false → <see cref="UpdateOutcome.Unchanged"/>); <paramref name="write"/> it conditionally. A write that fails
    /// with 404 is <see cref="UpdateOutcome.Missing"/>; one that <paramref name="lostRace"/> (default 412 or 409) reads again. The first
    /// attempt may start from <paramref name="current"/> instead of a read. After <paramref name="attempts"/> lost races:
    /// <see cref="UpdateContendedException"/>.
    /// </summary>
    public static async Task<UpdateResult<T>> UpdateWithRetryAsync<T>(Func<CancellationToken, Task<T?>> read, Func<T, bool> change,
        Func<T, CancellationToken, Task> write, CancellationToken ct, int attempts = DefaultAttempts, T? current = null,
        Func<RequestFailedException, bool>? lostRace = null) where T : class
    {
        lostRace ??= ex => ex.Status is 412 or 409;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            current ??= await read(ct);
            if (current is null) return new(UpdateOutcome.Missing, null);
            if (!change(current)) return new(UpdateOutcome.Unchanged, current);
            try
            {
                await write(current, ct);
                return new(UpdateOutcome.Updated, current);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return new(UpdateOutcome.Missing, null);
            }
            catch (RequestFailedException ex) when (lostRace(ex))
            {
                current = null;
            }
        }
        throw new UpdateContendedException(typeof(T).Name, attempts);
    }

    /// <summary>The row (<paramref name="partitionKey"/>, <paramref name="rowKey"/>) of <paramref name="table"/>, written back with its ETag (the new one is kept on the entity).</summary>
    public static Task<UpdateResult<T>> UpdateWithRetryAsync<T>(this TableClient table, string partitionKey, string rowKey, Func<T, bool> change,
        CancellationToken ct, int attempts = DefaultAttempts, T? current = null, TableUpdateMode mode = TableUpdateMode.Replace)
        where T : class, ITableEntity, new() =>
        UpdateWithRetryAsync(async c => await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: c) is { HasValue: true } found ? found.Value : null,
            change, (entity, c) => table.WriteAsync(entity, mode, c), ct, attempts, current);

    /// <summary>Replaces (or merges) the entity under its ETag and keeps the new ETag on it.</summary>
    public static async Task WriteAsync<T>(this TableClient table, T entity, TableUpdateMode mode, CancellationToken ct) where T : ITableEntity
    {
        var response = await table.UpdateEntityAsync(entity, entity.ETag, mode, ct);
        entity.ETag = response.Headers.ETag ?? entity.ETag;
    }
}
