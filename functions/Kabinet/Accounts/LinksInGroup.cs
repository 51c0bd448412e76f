namespace Kabinet.Accounts;

/// <summary>
/// The caller's links narrowed to one group, oldest link first (<c>GET /accounts?groupId=</c>, <c>GET /meters?groupId=</c>):
/// no group, blank or "all" means every link. The user's links and groups are read at once.
/// </summary>
public sealed record LinksInGroup(IReadOnlyList<LinkEntity> Links, HashSet<string> GroupIds)
{
    public string GroupOf(LinkEntity link) => AccountsEndpoints.EffectiveGroup(link, GroupIds);

    /// <summary>Null when <paramref name="groupId"/> names a group the user does not have: a mistake to show, not an empty list.</summary>
    public static async Task<LinksInGroup?> ReadAsync(AccountTables tables, AccountLinks links, string userId, string? groupId, CancellationToken ct)
    {
        var groupsRead = GroupsEndpoints.GroupIdsAsync(tables, userId, ct);
        var linksRead = links.OfUserAsync(userId, ct);
        await Task.WhenAll(groupsRead, linksRead);
        var (groups, mine) = (await groupsRead, await linksRead);
        var wanted = string.IsNullOrWhiteSpace(groupId) ? Groups.All : groupId.Trim();
        if (wanted != Groups.All && !groups.Contains(wanted)) return null;
        var selected = mine.Where(l => wanted == Groups.All || AccountsEndpoints.EffectiveGroup(l, groups) == wanted)
            .OrderBy(l => l.LinkedAt).ThenBy(l => l.AccountId, StringComparer.Ordinal).ToList();
        return new(selected, groups);
    }
}
