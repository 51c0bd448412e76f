using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

/// <summary>The tables of the provider's data and of users' links to it, by name over <see cref="Tables"/>.</summary>
public sealed class DataTables(Tables tables)
{
    public static class Names
    {
        public const string Providers = "providers";
        public const string Services = "services";
        public const string Tariffs = "tariffs";
        public const string Norms = "norms";
        public const string Accounts = "accounts";
        public const string AccountIndex = "accountindex";
        public const string MeterIndex = "meterindex";
        public const string Links = "links";
        public const string Groups = "groups";
        public const string Imports = "imports";

        public static readonly string[] All = [Providers, Services, Tariffs, Norms, Accounts, AccountIndex, MeterIndex, Links, Groups, Imports];
    }

    public TableClient Providers => tables.Get(Names.Providers);
    public TableClient Services => tables.Get(Names.Services);
    public TableClient Tariffs => tables.Get(Names.Tariffs);
    public TableClient Norms => tables.Get(Names.Norms);
    /// <summary>One partition per personal account: the account, its meters, payments, bills, readings.</summary>
    public TableClient Accounts => tables.Get(Names.Accounts);
    public TableClient AccountIndex => tables.Get(Names.AccountIndex);
    public TableClient MeterIndex => tables.Get(Names.MeterIndex);
    /// <summary>PK = user id, RK = account id: the user's links (alias, group, delivery choice).</summary>
    public TableClient Links => tables.Get(Names.Links);
    /// <summary>PK = user id, RK = group id.</summary>
    public TableClient Groups => tables.Get(Names.Groups);
    /// <summary>PK = import id: the import, its chunks and its row errors.</summary>
    public TableClient Imports => tables.Get(Names.Imports);

    /// <summary>For tests that write the tables without starting the app.</summary>
    public Task CreateAllAsync(CancellationToken ct) => tables.CreateAsync(Names.All, ct);
}

public static class DataTablesSetup
{
    public static void AddDataTables(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<DataTables>().AddTables(DataTables.Names.All);
}
