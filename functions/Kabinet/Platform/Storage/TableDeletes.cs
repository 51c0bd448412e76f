using Azure.Data.Tables;

namespace Kabinet.Platform.Storage;

/// <summary>Deleting many rows: one entity-group transaction per partition and 100 rows, not one request a row.</summary>
public static class TableDeletes
{
    public const int MaxBatch = 100;

    /// <summary>Deletes every row the query yields; returns how many. Rows must be read with PartitionKey and RowKey.</summary>
    public static async Task<int> DeleteAllAsync(this TableClient table, IAsyncEnumerable<TableEntity> rows, CancellationToken ct)
    {
        var deleted = 0;
        var batch = new List<TableTransactionAction>(MaxBatch);
        string? partition = null;
        async Task Flush()
        {
            if (batch.Count == 0) return;
            await table.SubmitTransactionAsync(batch, ct);
            deleted += batch.Count;
            batch.Clear();
        }
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (row.PartitionKey != partition || batch.Count == MaxBatch) await Flush();
            partition = row.PartitionKey;
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, Azure.ETag.All));
        }
        await Flush();
        return deleted;
    }

    public static Task<int> DeleteWhereAsync(this TableClient table, string filter, CancellationToken ct) =>
        table.DeleteAllAsync(table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct), ct);
}
