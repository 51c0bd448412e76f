using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Kabinet.Platform.Storage;

/// <summary>
/// Every table of the app, by the name its feature declares, under one <c>Storage:TablePrefix</c> (empty in production;
/// tests give each run its own set). Features keep thin typed accessors over <see cref="Get"/>.
/// </summary>
public sealed class Tables(TableServiceClient service, IConfiguration config)
{
    public const string PrefixSetting = "Storage:TablePrefix";

    private readonly string _prefix = config[PrefixSetting] ?? "";
    private readonly ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.Ordinal);

    public TableClient Get(string name) => _clients.GetOrAdd(name, n => service.GetTableClient(_prefix + n));

    public Task CreateAsync(IEnumerable<string> names, CancellationToken ct) =>
        Task.WhenAll(names.Select(n => Get(n).CreateIfNotExistsAsync(ct)));
}
