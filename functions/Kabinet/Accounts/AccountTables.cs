using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

/// <summary>The personal accounts (with everything of each in its partition), their indexes, and users' links and groups.</summary>
public sealed class AccountTables(Tables tables)
{
    public static class Names
    {
        public const string Accounts = "accounts";
        public const string AccountIndex = "accountindex";
        public const string MeterIndex = "meterindex";
        public const string Links = "links";
        public const string Groups = "groups";

        public static readonly string[] All = [Accounts, AccountIndex, MeterIndex, Links, Groups];
    }

    /// <summary>One partition per personal account: the account, its meters, payments, bills, readings and link mirrors.</summary>
    public TableClient Accounts => tables.Get(Names.Accounts);
    public TableClient AccountIndex => tables.Get(Names.AccountIndex);
    public TableClient MeterIndex => tables.Get(Names.MeterIndex);
    /// <summary>PK = user id, RK = account id: the user's links (alias, group, delivery choice).</summary>
    public TableClient Links => tables.Get(Names.Links);
    /// <summary>PK = user id, RK = group id.</summary>
    public TableClient Groups => tables.Get(Names.Groups);

    /// <summary>For tests that write the tables without starting the app.</summary>
    public Task CreateAllAsync(CancellationToken ct) => tables.CreateAsync(Names.All, ct);
}

public static class AccountTablesSetup
{
    public static void AddAccountTables(this WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<AccountTables>().AddTables(AccountTables.Names.All);
}
