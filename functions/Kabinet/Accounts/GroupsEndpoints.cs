using Kabinet.Docs;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

/// <summary>
/// The <c>groups</c> area (seed 004, 3.1): the user's named groups of accounts. The virtual group "Все"
/// (id "all") always exists, holds every account, and cannot be renamed or removed.
/// </summary>
public static class GroupsEndpoints
{
    public static void MapGroupsFunction(this WebApplication app)
    {
        var groups = app.MapHttpFunction("Groups", "groups").WithTags("accounts").RequireAuthorization();
        groups.MapGet("", List).WithSummary("\"Все\" (id all) first, then the user's groups, each with its account count.").Produces<ListPage<GroupView>>();
        groups.MapPost("", Create).WithSummary("Names are 1–50 characters and unique per user, ignoring case.")
            .Produces<GroupView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict);
        groups.MapPatch("/{id}", Rename).WithSummary("Renames a group (not \"Все\": 422 group.builtin).")
            .Produces<GroupView>().ProducesProblems(StatusCodes.Status409Conflict);
        groups.MapDelete("/{id}", Delete).WithSummary("The group's accounts go back to \"Все\".")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The ids of the user's groups (not "all").</summary>
    public static async Task<HashSet<string>> GroupIdsAsync(AccountTables tables, string userId, CancellationToken ct) =>
        (await OfUserAsync(tables, userId, ct)).Select(g => g.GroupId).ToHashSet();

    /// <summary>"all" or one of the user's groups.</summary>
    public static async Task<bool> ExistsAsync(AccountTables tables, string userId, string groupId, CancellationToken ct)
    {
        if (groupId == Groups.All) return true;
        return await FindAsync(tables, userId, groupId, ct) is not null;
    }

    private static async Task<GroupEntity?> FindAsync(AccountTables tables, string userId, string groupId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || !Groups.IsWellFormedId(groupId)) return null;
        var found = await tables.Groups.GetEntityIfExistsAsync<GroupEntity>(userId, groupId, cancellationToken: ct);
        return found.HasValue ? found.Value : null;
    }

    private static async Task<List<GroupEntity>> OfUserAsync(AccountTables tables, string userId, CancellationToken ct)
    {
        var groups = new List<GroupEntity>();
        if (string.IsNullOrEmpty(userId)) return groups;
        // The partition also holds the name claims (RK "name|…"); group ids are hex, so they sort before them.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey lt {GroupNameEntity.Prefix}");
        await foreach (var group in tables.Groups.QueryAsync<GroupEntity>(filter, cancellationToken: ct)) groups.Add(group);
        return groups;
    }

    public const string NotFoundCode = "group.not_found";

    private static IResult NotFound(HttpContext http) => Problems.Create(http, StatusCodes.Status404NotFound, NotFoundCode);
    private static IResult Builtin(HttpContext http) => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "group.builtin");
    private static IResult NameTaken(HttpContext http) => Problems.Create(http, StatusCodes.Status409Conflict, "group.name_taken");

    private static async Task<IResult> List(HttpContext http, AccountTables tables, AccountLinks links, PageRequest page, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var list = "groups/" + userId;
        var errors = page.Check(http, list, 1, out var after);
        if (errors.Count > 0) return Problems.Validation(http, errors);
        var groups = await OfUserAsync(tables, userId, ct);
        var mine = await links.OfUserAsync(userId, ct);
        var counts = mine.GroupBy(l => l.GroupId).ToDictionary(g => g.Key, g => g.Count());
        // "All" first, then the user's groups oldest first.
        var keyed = new List<(string Key, GroupView View)> { ("0", new(Groups.All, Groups.AllName, true, mine.Count)) };
        keyed.AddRange(groups.Select(g => ("1|" + g.CreatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + g.GroupId,
            new GroupView(g.GroupId, g.Name, false, counts.GetValueOrDefault(g.GroupId)))));
        var slice = page.Slice(keyed, k => k.Key, list, after);
        return TypedResults.Ok(new ListPage<GroupView>(slice.Items.Select(k => k.View).ToList(), slice.NextCursor));
    }

    private static IResult? CheckName(HttpContext http, string? name)
    {
        if (Groups.CheckName(name) is { } code)
            return Problems.Validation(http, [Problems.Field(http, "name", code)]);
        return Groups.IsReservedName(name!) ? NameTaken(http) : null;
    }

    private static IResult LimitReached(HttpContext http) =>
        Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "group.limit_reached", new Dictionary<string, object?> { ["limit"] = Groups.MaxPerUser });

    private static async Task<List<CountSlotEntity>> SlotsAsync(AccountTables tables, string userId, CancellationToken ct)
    {
        var slots = new List<CountSlotEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey ge {CountSlotEntity.Prefix} and RowKey lt {CountSlotEntity.End}");
        await foreach (var slot in tables.Groups.QueryAsync<CountSlotEntity>(filter, cancellationToken: ct)) slots.Add(slot);
        return slots;
    }

    /// <summary>
    /// One of the user's 30 numbered places is taken first (insert-if-absent), then the group and its name claim
    /// go in one transaction, so parallel requests never make more than <see cref="Groups.MaxPerUser"/> groups nor two of one name.
    /// </summary>
    private static async Task<IResult> Create(GroupRequest request, HttpContext http, AccountTables tables, TimeProvider clock, CancellationToken ct)
    {
        if (CheckName(http, request.Name) is { } invalid) return invalid;
        var userId = http.User.UserId();
        var name = request.Name!.Trim();
        var nameKey = Groups.NameKey(name);
        for (var round = 0; round < 3; round++)
        {
            var groups = await OfUserAsync(tables, userId, ct);
            if ((await tables.Groups.GetEntityIfExistsAsync<GroupNameEntity>(userId, nameKey, cancellationToken: ct)).HasValue) return NameTaken(http);
            var slots = await SlotsAsync(tables, userId, ct);
            // Server time: the places' timestamps are the storage's own.
            var (busy, unslotted) = CountSlots.Holders(groups.Select(g => (g.GroupId, g.Slot)), slots, DateTimeOffset.UtcNow);
            var free = CountSlots.Free(Groups.MaxPerUser, busy, unslotted);
            if (free.Count == 0) return LimitReached(http);
            foreach (var index in free.OrderBy(_ => Random.Shared.Next()))
            {
                var groupId = Groups.NewId();
                var slot = new CountSlotEntity { PartitionKey = userId, RowKey = CountSlotEntity.RowOf(index), HeldBy = groupId };
                if (!await AccountLinks.TakeSlotAsync(tables.Groups, slot, slots.FirstOrDefault(s => s.RowKey == slot.RowKey), ct)) continue;
                var group = new GroupEntity { PartitionKey = userId, RowKey = groupId, Name = name, CreatedAt = clock.GetUtcNow(), Slot = slot.RowKey };
                var claim = new GroupNameEntity { PartitionKey = userId, RowKey = nameKey, GroupId = groupId };
                try
                {
                    await tables.Groups.SubmitTransactionAsync([new(TableTransactionActionType.Add, group), new(TableTransactionActionType.Add, claim)], ct);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    await AccountLinks.ReleaseSlotAsync(tables.Groups, userId, slot.RowKey);
                    return NameTaken(http);
                }
                return TypedResults.Created("/api/groups/" + group.GroupId, new GroupView(group.GroupId, group.Name, false, 0));
            }
        }
        return LimitReached(http);
    }

    private static async Task<IResult> Rename(string id, GroupRequest request, HttpContext http, AccountTables tables, AccountLinks links, CancellationToken ct)
    {
        if (id == Groups.All) return Builtin(http);
        var userId = http.User.UserId();
        if (await FindAsync(tables, userId, id, ct) is null) return NotFound(http);
        if (CheckName(http, request.Name) is { } invalid) return invalid;
        var name = request.Name!.Trim();

        var (oldKey, newKey) = ("", "");
        try
        {
            var renamed = await TableUpdates.UpdateWithRetryAsync(c => FindAsync(tables, userId, id, c), group =>
            {
                (oldKey, newKey) = (Groups.NameKey(group.Name), Groups.NameKey(name));
                group.Name = name;
                return true;
            }, async (group, c) =>
            {
                var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, group, group.ETag) };
                if (newKey != oldKey)
                {
                    actions.Add(new(TableTransactionActionType.Add, new GroupNameEntity { PartitionKey = userId, RowKey = newKey, GroupId = id }));
                    actions.Add(new(TableTransactionActionType.Delete, new TableEntity(userId, oldKey), ETag.All));
                }
                try
                {
                    await tables.Groups.SubmitTransactionAsync(actions, c);
                }
                catch (RequestFailedException ex) when (ex.Status == 404 && newKey != oldKey)
                {
                    // The old name's claim is missing (a half-finished earlier change): claim the new one without it.
                    await tables.Groups.SubmitTransactionAsync(actions.Take(2).ToList(), c);
                }
            }, ct, attempts: 5, lostRace: ex => ex.Status == 412); // 409: the name is taken, no retry
            if (!renamed.Updated) return NotFound(http);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return NameTaken(http);
        }
        catch (UpdateContendedException)
        {
            return Problems.Create(http, StatusCodes.Status409Conflict, "group.changed_meanwhile");
        }
        var count = (await links.OfUserAsync(userId, ct)).Count(l => l.GroupId == id);
        return TypedResults.Ok(new GroupView(id, name, false, count));
    }

    private static async Task<IResult> Delete(string id, HttpContext http, AccountTables tables, AccountLinks links, CancellationToken ct)
    {
        if (id == Groups.All) return Builtin(http);
        var userId = http.User.UserId();
        var group = await FindAsync(tables, userId, id, ct);
        if (group is null) return NotFound(http);
        foreach (var link in (await links.OfUserAsync(userId, ct)).Where(l => l.GroupId == id))
            await links.UpdateAsync(userId, link.AccountId, l => { if (l.GroupId == id) l.GroupId = Groups.All; }, ct);
        // Lists also show a link whose group is gone under "all", so a link moved here concurrently is not lost.
        // The place goes last: left behind by a crash, it holds no group and is taken over by the next create.
        foreach (var rowKey in new[] { Groups.NameKey(group.Name), id, group.Slot })
        {
            if (rowKey is null) continue;
            try { await tables.Groups.DeleteEntityAsync(userId, rowKey, ETag.All, ct); }
            catch (RequestFailedException ex) when (ex.Status == 404) { }
        }
        return TypedResults.NoContent();
    }
}
