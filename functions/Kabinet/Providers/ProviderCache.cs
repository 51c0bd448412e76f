using System.Collections.Concurrent;
using Kabinet.Accounts;
using Kabinet.Platform.Storage;

namespace Kabinet.Providers;

/// <summary>
/// Providers and their tariffs as this instance last read them, for <c>Providers:CacheSeconds</c> (default 60; 0 reads them
/// every time). They change only by an operator's import, so a change shows on each instance within that time. One read per
/// key at a time: requests that miss together share it. A failed read is not kept.
/// </summary>
public sealed class ProviderCache(ProviderTables tables, IConfiguration config)
{
    public const string Setting = "Providers:CacheSeconds";
    public const int DefaultSeconds = 60;

    private readonly long _lifetimeMs = Math.Max(0, config.GetValue(Setting, DefaultSeconds)) * 1000L;
    private readonly ConcurrentDictionary<string, Entry<ProviderEntity?>> _providers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<TariffEntity>>> _tariffs = new(StringComparer.Ordinal);

    private sealed record Entry<T>(Lazy<Task<T>> Value, long ExpiresAt)
    {
        public bool Usable(long now) => ExpiresAt > now && !(Value.IsValueCreated && (Value.Value.IsFaulted || Value.Value.IsCanceled));
    }

    /// <summary>The provider, or null when there is none (or the id cannot name a row). Shared: do not change it.</summary>
    public Task<ProviderEntity?> ProviderAsync(string providerId, CancellationToken ct) =>
        GetAsync(_providers, providerId, LoadProviderAsync, ct);

    /// <summary>Every tariff of the provider (empty for an id that cannot name a row). Shared: do not change them.</summary>
    public Task<IReadOnlyList<TariffEntity>> TariffsAsync(string providerId, CancellationToken ct) =>
        GetAsync(_tariffs, providerId, LoadTariffsAsync, ct);

    private async Task<ProviderEntity?> LoadProviderAsync(string providerId, CancellationToken ct)
    {
        if (!TableKeys.IsSafe(providerId)) return null;
        var found = await tables.Providers.GetEntityIfExistsAsync<ProviderEntity>(ProviderEntity.Partition, providerId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    private async Task<IReadOnlyList<TariffEntity>> LoadTariffsAsync(string providerId, CancellationToken ct)
    {
        var tariffs = new List<TariffEntity>();
        if (!TableKeys.IsSafe(providerId)) return tariffs;
        await foreach (var t in tables.Tariffs.QueryAsync<TariffEntity>(t => t.PartitionKey == providerId, cancellationToken: ct)) tariffs.Add(t);
        return tariffs;
    }

    private async Task<T> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, CancellationToken, Task<T>> load,
        CancellationToken ct)
    {
        if (_lifetimeMs == 0) return await load(key, ct);
        while (true)
        {
            // Monotonic: the app's TimeProvider may be a test's clock that jumps.
            var now = Environment.TickCount64;
            if (cache.TryGetValue(key, out var entry) && entry.Usable(now)) return await entry.Value.Value.WaitAsync(ct);
            // The shared read runs to its end whoever waits for it: one request's cancellation is not the others'.
            var fresh = new Entry<T>(new Lazy<Task<T>>(() => load(key, CancellationToken.None)), now + _lifetimeMs);
            if (entry is null ? cache.TryAdd(key, fresh) : cache.TryUpdate(key, fresh, entry)) return await fresh.Value.Value.WaitAsync(ct);
        }
    }
}
