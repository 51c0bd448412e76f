using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>/api/groups: the user's groups around the built-in "Все".</summary>
[TestClass]
public sealed class GroupsTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static Task<Reply> Create(TestUser user, object body) => _client.SendAsync(user, HttpMethod.Post, "/api/groups", body);

    [TestMethod]
    public async Task A_new_user_has_only_the_builtin_group()
    {
        var user = await TestUsers.MintAsync(_factory);

        var r = await _client.SendAsync(user, HttpMethod.Get, "/api/groups");

        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        var all = r.Items.Single();
        Assert.AreEqual("all", all.GetProperty("id").GetString());
        Assert.AreEqual("Все", all.GetProperty("name").GetString());
        Assert.IsTrue(all.GetProperty("builtin").GetBoolean());
        Assert.AreEqual(0, all.GetProperty("accountCount").GetInt32());
        Assert.IsTrue(r.Body.TryGetProperty("nextCursor", out _));
    }

    [TestMethod]
    public async Task Create_rename_delete_with_counts_and_accounts_back_to_all()
    {
        var provider = await AccountData.ProviderAsync();
        var a1 = await AccountData.AccountAsync(provider);
        var a2 = await AccountData.AccountAsync(provider);
        var a3 = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);

        var created = await Create(user, new { name = "  Куба " });
        Assert.AreEqual(HttpStatusCode.Created, created.Status, created.Describe());
        var kuba = created.Body.GetProperty("id").GetString()!;
        Assert.AreEqual("Куба", created.Body.GetProperty("name").GetString());
        Assert.AreEqual("/api/groups/" + kuba, created.Raw.Headers.Location?.ToString());
        var dacha = (await Create(user, new { name = "Дача" })).Body.GetProperty("id").GetString()!;

        await _client.LinkOkAsync(user, a1, groupId: kuba);
        await _client.LinkOkAsync(user, a2, groupId: kuba);
        await _client.LinkOkAsync(user, a3);
        var moved = await _client.SendAsync(user, HttpMethod.Patch, "/api/accounts/" + a3.Id, new { groupId = dacha });
        Assert.AreEqual(dacha, moved.Body.GetProperty("groupId").GetString(), moved.Describe());

        var list = (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items;
        CollectionAssert.AreEqual(new[] { "all", kuba, dacha }, list.Select(g => g.GetProperty("id").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { 3, 2, 1 }, list.Select(g => g.GetProperty("accountCount").GetInt32()).ToArray());
        CollectionAssert.AreEquivalent(new[] { a1.Id, a2.Id }, (await _client.AccountsAsync(user, kuba)).Select(a => a.GetProperty("id").GetString()).ToArray());
        Assert.AreEqual(3, (await _client.AccountsAsync(user, "all")).Count);
        var unknown = await _client.SendAsync(user, HttpMethod.Get, "/api/accounts?groupId=someone-elses");
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.Status, "a filter by a group one does not have is a mistake, not an empty list");
        Assert.AreEqual("group.not_found", unknown.Code);

        var renamed = await _client.SendAsync(user, HttpMethod.Patch, "/api/groups/" + kuba, new { name = "Куба-2" });
        Assert.AreEqual(HttpStatusCode.OK, renamed.Status, renamed.Describe());
        Assert.AreEqual("Куба-2", renamed.Body.GetProperty("name").GetString());
        Assert.AreEqual(2, renamed.Body.GetProperty("accountCount").GetInt32());
        // The old name is free again; changing only the case of one's own name is fine.
        Assert.AreEqual(HttpStatusCode.Created, (await Create(user, new { name = "Куба" })).Status);
        Assert.AreEqual(HttpStatusCode.OK, (await _client.SendAsync(user, HttpMethod.Patch, "/api/groups/" + kuba, new { name = "КУБА-2" })).Status);

        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/groups/" + kuba)).Status);
        var after = await _client.AccountsAsync(user);
        Assert.AreEqual(2, after.Count(a => a.GetProperty("groupId").GetString() == "all"));
        Assert.AreEqual(dacha, after.Single(a => a.GetProperty("id").GetString() == a3.Id).GetProperty("groupId").GetString());
        var groups = (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items;
        Assert.IsFalse(groups.Any(g => g.GetProperty("id").GetString() == kuba));
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(user, HttpMethod.Delete, "/api/groups/" + kuba)).Status);
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(user, HttpMethod.Patch, "/api/groups/" + kuba, new { name = "x" })).Status);
        // Its name can be used again.
        Assert.AreEqual(HttpStatusCode.Created, (await Create(user, new { name = "куба-2" })).Status);
    }

    [TestMethod]
    public async Task All_is_builtin_and_names_are_checked_and_unique_per_user()
    {
        var user = await TestUsers.MintAsync(_factory);
        var other = await TestUsers.MintAsync(_factory);

        var rename = await _client.SendAsync(user, HttpMethod.Patch, "/api/groups/all", new { name = "Мои" });
        var delete = await _client.SendAsync(user, HttpMethod.Delete, "/api/groups/all");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, rename.Status, rename.Describe());
        Assert.AreEqual("group.builtin", rename.Code);
        Assert.AreEqual("group.builtin", delete.Code);

        Assert.AreEqual(HttpStatusCode.Created, (await Create(user, new { name = "Дача" })).Status);
        var taken = await Create(user, new { name = " дАЧА " });
        Assert.AreEqual(HttpStatusCode.Conflict, taken.Status, taken.Describe());
        Assert.AreEqual("group.name_taken", taken.Code);
        Assert.AreEqual("group.name_taken", (await Create(user, new { name = "все" })).Code);
        Assert.AreEqual(HttpStatusCode.Created, (await Create(other, new { name = "Дача" })).Status, "names are unique per user only");
        var second = (await Create(user, new { name = "Гараж" })).Body.GetProperty("id").GetString();
        Assert.AreEqual("group.name_taken", (await _client.SendAsync(user, HttpMethod.Patch, "/api/groups/" + second, new { name = "ДАЧА" })).Code);

        foreach (var (name, code) in new (object?, string)[] { ("", "group.name_required"), ("   ", "group.name_required"), (null, "group.name_required"),
                     (new string('г', 51), "group.name_too_long"), ("a\nb", "group.name_invalid") })
        {
            var r = await Create(user, new { name });
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
            CollectionAssert.AreEqual(new[] { ("name", code) }, r.Errors);
        }
        Assert.AreEqual(HttpStatusCode.Created, (await Create(user, new { name = new string('г', 50) })).Status);

        var names = (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items.Select(g => g.GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "Все", "Дача", "Гараж", new string('г', 50) }, names);
    }
}
