using System.Reflection;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Providers;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

/// <summary>
/// The caller's linked account of a route <c>/{id}</c>: its row, its provider and the rows an endpoint asked for, read
/// before the handler in one query of the account's partition (the partition also holds the mirror of every user's link,
/// <see cref="AccountUserEntity"/>, so the query tells whether the caller linked it). A handler takes it as a parameter;
/// <see cref="RequireLinkedAccount"/> on the route group answers 404 when the caller has not linked the account, as for
/// an account that does not exist. Bills, charges and payments take it the same way.
/// </summary>
public sealed class LinkedAccount
{
    private readonly IReadOnlyList<TableEntity> _rows;

    private LinkedAccount(AccountEntity? account, ProviderEntity? provider, LinkEntity? link, IReadOnlyList<TableEntity> rows)
    {
        (_account, _provider, Link, _rows) = (account, provider, link, rows);
    }

    private readonly AccountEntity? _account;
    private readonly ProviderEntity? _provider;

    public bool Found => _account is not null;
    public AccountEntity Account => _account ?? throw new InvalidOperationException("not linked");
    /// <summary>The account's provider (a bare one with the id when the provider row is missing).</summary>
    public ProviderEntity Provider => _provider ?? throw new InvalidOperationException("not linked");
    /// <summary>The caller's own link (alias, group, delivery choice): only for a parameter marked <see cref="WithLinkAttribute"/>.</summary>
    public LinkEntity? Link { get; }

    /// <summary>The rows asked for by the parameter's <see cref="AccountRowsAttribute"/> whose key starts with the prefix.</summary>
    public List<T> Rows<T>(string prefix) where T : class, ITableEntity, new() =>
        _rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).Select(PartitionRows.As<T>).ToList();

    public T? Row<T>(string rowKey) where T : class, ITableEntity, new() =>
        _rows.FirstOrDefault(r => r.RowKey == rowKey) is { } row ? PartitionRows.As<T>(row) : null;

    /// <summary>Not linked by the caller, or no such account: the same answer, so ids tell a stranger nothing.</summary>
    public const string NotFoundCode = "account.not_found";

    private static readonly LinkedAccount None = new(null, null, null, []);

    /// <summary>Minimal API binding: runs before the handler (and before endpoint filters), never fails.</summary>
    public static async ValueTask<LinkedAccount> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        var userId = http.User.UserId();
        var id = http.Request.RouteValues["id"] as string;
        if (string.IsNullOrEmpty(userId) || !AccountRules.IsWellFormedAccountId(id)) return None;
        var ct = http.RequestAborted;
        var services = http.RequestServices;
        var tables = services.GetRequiredService<AccountTables>();
        var links = services.GetRequiredService<AccountLinks>();

        var ranges = new List<RowRange>();
        foreach (var rows in parameter.GetCustomAttributes<AccountRowsAttribute>())
        {
            var asked = rows.Ranges(http.Request.RouteValues);
            if (asked is null) return None; // a route value that cannot name a row: nothing there
            ranges.AddRange(asked);
        }
        var withLink = parameter.GetCustomAttribute<WithLinkAttribute>() is not null;
        var link = withLink ? links.FindAsync(userId, id!, ct) : Task.FromResult<LinkEntity?>(null);
        var partition = QueryAsync(tables, id!, AccountUserEntity.RowFor(userId), ranges, ct);
        await Task.WhenAll(link, partition);
        var all = await partition;

        var account = all.FirstOrDefault(r => r.RowKey == AccountEntity.Row) is { } a ? PartitionRows.As<AccountEntity>(a) : null;
        if (account is null) return None;
        var linked = withLink ? await link is not null
            : all.Any(r => r.RowKey == AccountUserEntity.RowFor(userId))
              // A link whose mirror is missing (a crash between the two writes): the link decides, at one more read.
              || await links.FindAsync(userId, id!, ct) is not null;
        if (!linked) return None;
        var provider = await services.GetRequiredService<ProviderCache>().ProviderAsync(account.ProviderId, ct)
            ?? new ProviderEntity { RowKey = account.ProviderId };
        var rowsAsked = all.Where(r => r.RowKey != AccountEntity.Row && !r.RowKey.StartsWith(AccountUserEntity.Prefix, StringComparison.Ordinal)).ToList();
        return new LinkedAccount(account, provider, await link, rowsAsked);
    }

    /// <summary>
    /// The account of one of the caller's links with the rows of <paramref name="ranges"/>, in the one partition query the binding
    /// makes; the link (read from the caller's own partition) decides that it is linked. For lists across every linked account.
    /// </summary>
    public static async Task<LinkedAccount> OfLinkAsync(IServiceProvider services, LinkEntity link, IReadOnlyList<RowRange> ranges, CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(link.AccountId)) return None;
        var all = await QueryAsync(services.GetRequiredService<AccountTables>(), link.AccountId, AccountUserEntity.RowFor(link.UserId), [.. ranges], ct);
        if (all.FirstOrDefault(r => r.RowKey == AccountEntity.Row) is not { } row) return None;
        var account = PartitionRows.As<AccountEntity>(row);
        var provider = await services.GetRequiredService<ProviderCache>().ProviderAsync(account.ProviderId, ct)
            ?? new ProviderEntity { RowKey = account.ProviderId };
        var rowsAsked = all.Where(r => r.RowKey != AccountEntity.Row && !r.RowKey.StartsWith(AccountUserEntity.Prefix, StringComparison.Ordinal)).ToList();
        return new LinkedAccount(account, provider, link, rowsAsked);
    }

    private static async Task<List<TableEntity>> QueryAsync(AccountTables tables, string accountId, string mirrorRow, List<RowRange> ranges,
        CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId}") + " and (" +
            string.Join(" or ", new[] { TableClient.CreateQueryFilter($"RowKey eq {AccountEntity.Row}"), TableClient.CreateQueryFilter($"RowKey eq {mirrorRow}") }
                .Concat(ranges.Select(r => r.Filter()))) + ")";
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Accounts.QueryAsync<TableEntity>(filter, cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    /// <summary>404 for every endpoint of the group whose <see cref="LinkedAccount"/> parameter was not found.</summary>
    public static TBuilder RequireLinkedAccount<TBuilder>(TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
                if (argument is LinkedAccount { Found: false })
                    return Problems.Create(context.HttpContext, StatusCodes.Status404NotFound, NotFoundCode);
            return await next(context);
        });
}

/// <summary>Rows of the account's partition: one key, or every key that starts with a prefix.</summary>
public sealed record RowRange(string From, bool IsPrefix)
{
    public static RowRange Key(string rowKey) => new(rowKey, false);
    public static RowRange StartingWith(string prefix) => new(prefix, true);

    public string Filter()
    {
        if (!IsPrefix) return TableClient.CreateQueryFilter($"RowKey eq {From}");
        var upper = From[..^1] + (char)(From[^1] + 1);
        return TableClient.CreateQueryFilter($"(RowKey ge {From} and RowKey lt {upper})");
    }
}

/// <summary>On a <see cref="LinkedAccount"/> parameter: more rows of the partition to read in the same query.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = true)]
public abstract class AccountRowsAttribute : Attribute
{
    /// <summary>The ranges for these route values; null when a value cannot name a row (the answer is then 404).</summary>
    public abstract IReadOnlyList<RowRange>? Ranges(RouteValueDictionary route);
}

/// <summary>Every meter of the account.</summary>
public sealed class WithMetersAttribute : AccountRowsAttribute
{
    public override IReadOnlyList<RowRange> Ranges(RouteValueDictionary route) => [RowRange.StartingWith(MeterEntity.Prefix)];
}

/// <summary>On a <see cref="LinkedAccount"/> parameter: the caller's link row too (read in parallel), and it decides whether the account is linked.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WithLinkAttribute : Attribute;
