using System.Globalization;
using Azure;

namespace Kabinet.Billing.Penalties;

/// <summary>
/// The key-rate history in use: the shipped one merged with the operator's rows of `keyrates` (PK "keyrate", RK
/// yyyy-MM-dd, Rate "16.5"), read at most once per <see cref="Refresh"/>; a failed read keeps the last history.
/// </summary>
public sealed class KeyRates(BillingTables tables, TimeProvider clock, ILogger<KeyRates> log)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeyRateHistory? _current;
    private DateTimeOffset _readAt;

    public async Task<KeyRateHistory> CurrentAsync(CancellationToken ct)
    {
        if (_current is { } fresh && clock.GetUtcNow() - _readAt < Refresh) return fresh;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && clock.GetUtcNow() - _readAt < Refresh) return again;
            try
            {
                var rows = new List<KeyRateChange>();
                await foreach (var row in tables.KeyRates.QueryAsync<KeyRateEntity>(r => r.PartitionKey == KeyRateEntity.Partition, cancellationToken: ct))
                    if (Parse(row) is { } change) rows.Add(change);
                    else log.LogWarning("Key rate row {RowKey} ({Rate}) is not a date and a rate; skipped", row.RowKey, row.Rate);
                _current = KeyRateHistory.Merge(KeyRateHistory.Shipped, rows);
            }
            catch (RequestFailedException ex)
            {
                log.LogWarning(ex, "Key rates table not readable; using {Source}", _current is null ? "the shipped history" : "the last read");
                _current ??= KeyRateHistory.Shipped;
            }
            _readAt = clock.GetUtcNow();
            return _current;
        }
        finally { _gate.Release(); }
    }

    public static KeyRateChange? Parse(KeyRateEntity row) =>
        DateOnly.TryParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
        && decimal.TryParse(row.Rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and < 100
            ? new KeyRateChange(from, rate) : null;
}
