using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

/// <summary>The tables of the provider's data and of users' links to it. <c>Storage:TablePrefix</c> as for AuthTables.</summary>
public sealed class DataTables(TableServiceClient service, IConfiguration config)
{
    private readonly string _prefix = config["Storage:TablePrefix"] ?? "";

    public TableClient Providers => Get("providers");
    public TableClient Services => Get("services");
    public TableClient Tariffs => Get("tariffs");
    public TableClient Norms => Get("norms");
    /// <summary>One partition per personal account: the account, its meters, payments, bills, readings.</summary>
    public TableClient Accounts => Get("accounts");
    public TableClient AccountIndex => Get("accountindex");
    public TableClient MeterIndex => Get("meterindex");
    /// <summary>PK = user id, RK = account id: the user's links (alias, group, delivery choice).</summary>
    public TableClient Links => Get("links");
    /// <summary>PK = account id, RK = user id: who has linked an account.</summary>
    /// <summary>PK = user id, RK = group id.</summary>
    public TableClient Groups => Get("groups");
    /// <summary>PK = import id: the import, its chunks and its row errors.</summary>
    public TableClient Imports => Get("imports");

    private TableClient Get(string name) => service.GetTableClient(_prefix + name);

    public Task CreateAllAsync(CancellationToken ct) =>
        Task.WhenAll(new[] { Providers, Services, Tariffs, Norms, Accounts, AccountIndex, MeterIndex, Links, Groups, Imports }
            .Select(t => t.CreateIfNotExistsAsync(ct)));
}

/// <summary>Creates the data tables at start-up.</summary>
public sealed class DataTablesStartup(DataTables tables, ILogger<DataTablesStartup> log) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => StartupWork.TryAsync(log, "create the data tables", tables.CreateAllAsync, ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class DataTablesSetup
{
    public static void AddDataTables(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<DataTables>().AddHostedService<DataTablesStartup>();
}
