using Azure.Data.Tables;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Storage;

namespace Kabinet.Providers;

/// <summary>The providers' own data, written by imports: providers, their services, tariffs and consumption norms.</summary>
public sealed class ProviderTables(Tables tables)
{
    public static class Names
    {
        public const string Providers = "providers";
        public const string Services = "services";
        public const string Tariffs = "tariffs";
        public const string Norms = "norms";

        public static readonly string[] All = [Providers, Services, Tariffs, Norms];
    }

    public TableClient Providers => tables.Get(Names.Providers);
    public TableClient Services => tables.Get(Names.Services);
    public TableClient Tariffs => tables.Get(Names.Tariffs);
    public TableClient Norms => tables.Get(Names.Norms);

    /// <summary>For tests that write the tables without starting the app.</summary>
    public Task CreateAllAsync(CancellationToken ct) => tables.CreateAsync(Names.All, ct);
}

public static class ProvidersSetup
{
    /// <summary>The provider tables and the per-instance <see cref="ProviderCache"/>.</summary>
    public static void AddProviders(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<ProviderTables>().AddSingleton<ProviderCache>().AddTables(ProviderTables.Names.All).AddErrors(ProvidersErrors.Catalog);
}
