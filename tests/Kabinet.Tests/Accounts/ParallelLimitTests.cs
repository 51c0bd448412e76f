using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>
/// The accounts limits hold under parallel requests: 5 checked proofs per account a day, 10 linked accounts
/// and 30 groups per user. Each counts first (a numbered place or throttle slot taken by one conditional
/// write) and decides second; nothing answers 5xx.
/// </summary>
[TestClass]
public sealed class ParallelLimitTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static async Task<Reply[]> Parallel(int n, Func<int, Task<Reply>> call) =>
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() => call(i))));

    private static void AssertNo5xx(IEnumerable<Reply> replies)
    {
        foreach (var r in replies) Assert.IsTrue((int)r.Status < 500, r.Describe());
    }

    private static async Task<List<SeededAccount>> AccountsAsync(int n)
    {
        var provider = await AccountData.ProviderAsync();
        var accounts = new List<SeededAccount>();
        foreach (var chunk in Enumerable.Range(0, n).Chunk(8))
            accounts.AddRange(await Task.WhenAll(chunk.Select(_ => AccountData.AccountAsync(provider))));
        return accounts;
    }

    private static Task<Reply> LinkRight(TestUser user, SeededAccount account) =>
        _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal });

    [TestMethod]
    public async Task Twenty_parallel_links_at_nine_of_ten_leave_exactly_ten()
    {
        var accounts = await AccountsAsync(29);
        var user = await TestUsers.MintAsync(_factory);
        foreach (var account in accounts.Take(9)) await _client.LinkOkAsync(user, account);

        var replies = await Parallel(20, i => LinkRight(user, accounts[9 + i]));

        AssertNo5xx(replies);
        Assert.AreEqual(1, replies.Count(r => r.Status == HttpStatusCode.Created), string.Join("\n", replies.Select(r => r.Describe())));
        foreach (var r in replies.Where(r => r.Status != HttpStatusCode.Created))
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
            Assert.AreEqual("account.limit_reached", r.Code);
        }
        var linked = await _client.AccountsAsync(user);
        Assert.AreEqual(10, linked.Count);

        // Unlinking frees a place, and only one.
        var gone = linked[0].GetProperty("id").GetString();
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + gone)).Status);
        var again = await Parallel(10, i => LinkRight(user, accounts[19 + i]));
        AssertNo5xx(again);
        Assert.AreEqual(1, again.Count(r => r.Status == HttpStatusCode.Created), string.Join("\n", again.Select(r => r.Describe())));
        Assert.AreEqual(10, (await _client.AccountsAsync(user)).Count);
    }

    [TestMethod]
    public async Task Twenty_parallel_links_of_one_account_link_it_once()
    {
        var account = (await AccountsAsync(1))[0];
        var user = await TestUsers.MintAsync(_factory);

        var replies = await Parallel(20, _ => LinkRight(user, account));

        AssertNo5xx(replies);
        Assert.AreEqual(1, replies.Count(r => r.Status == HttpStatusCode.Created));
        // The others found it linked, or found the account's proof attempts taken by the parallel ones (counted first).
        Assert.IsTrue(replies.Where(r => r.Status != HttpStatusCode.Created).All(r => r.Code is "account.already_linked" or "account.too_many_attempts"),
            string.Join("\n", replies.Select(r => r.Describe())));
        Assert.AreEqual(1, (await _client.AccountsAsync(user)).Count);
    }

    [TestMethod]
    public async Task Twenty_parallel_wrong_proofs_get_exactly_five_checked_and_the_right_one_then_waits()
    {
        var account = (await AccountsAsync(1))[0];
        var user = await TestUsers.MintAsync(_factory);

        var replies = await Parallel(20, i => _client.LinkAsync(user, account, new { method = "lastBill", amount = 1 + i }));

        AssertNo5xx(replies);
        Assert.AreEqual(5, replies.Count(r => r.Code == "account.verification_failed"), string.Join("\n", replies.Select(r => r.Describe())));
        Assert.AreEqual(15, replies.Count(r => r.Status == HttpStatusCode.TooManyRequests && r.Code == "account.too_many_attempts"));
        var right = await LinkRight(user, account);
        Assert.AreEqual(HttpStatusCode.TooManyRequests, right.Status, right.Describe());
        Assert.AreEqual(0, (await _client.AccountsAsync(user)).Count);
    }

    [TestMethod]
    public async Task A_right_proof_hidden_among_nineteen_wrong_ones_is_one_of_at_most_five_checked()
    {
        var account = (await AccountsAsync(1))[0];
        var user = await TestUsers.MintAsync(_factory);

        var replies = await Parallel(20, i => i == 13 ? LinkRight(user, account) : _client.LinkAsync(user, account, new { method = "lastBill", amount = 1 + i }));

        AssertNo5xx(replies);
        var checkedCount = replies.Count(r => r.Code == "account.verification_failed" || r.Status == HttpStatusCode.Created);
        Assert.IsTrue(checkedCount <= 5, $"{checkedCount} proofs checked:\n" + string.Join("\n", replies.Select(r => r.Describe())));
        Assert.IsTrue(replies.All(r => r.Status is HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict),
            string.Join("\n", replies.Select(r => r.Describe())));
        var linked = replies.Any(r => r.Status == HttpStatusCode.Created);
        Assert.AreEqual(linked ? 1 : 0, (await _client.AccountsAsync(user)).Count);
    }

    [TestMethod]
    public async Task Ten_parallel_groups_at_twenty_eight_of_thirty_leave_exactly_thirty()
    {
        var user = await TestUsers.MintAsync(_factory);
        foreach (var chunk in Enumerable.Range(0, 28).Chunk(7))
            foreach (var r in await Task.WhenAll(chunk.Select(i => _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Группа " + i }))))
                Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());

        var replies = await Parallel(10, i => _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Новая " + i }));

        AssertNo5xx(replies);
        Assert.AreEqual(2, replies.Count(r => r.Status == HttpStatusCode.Created), string.Join("\n", replies.Select(r => r.Describe())));
        Assert.IsTrue(replies.Where(r => r.Status != HttpStatusCode.Created).All(r => r.Code == "group.limit_reached"));
        var groups = (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items;
        Assert.AreEqual(31, groups.Count, "\"Все\" and 30");

        // Deleting one frees one place.
        var gone = groups[1].GetProperty("id").GetString();
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/groups/" + gone)).Status);
        var again = await Parallel(10, i => _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Ещё " + i }));
        AssertNo5xx(again);
        Assert.AreEqual(1, again.Count(r => r.Status == HttpStatusCode.Created));
        Assert.AreEqual(31, (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items.Count);
    }

    [TestMethod]
    public async Task Twenty_parallel_groups_of_one_name_make_one()
    {
        var user = await TestUsers.MintAsync(_factory);

        var replies = await Parallel(20, _ => _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Дача" }));

        AssertNo5xx(replies);
        Assert.AreEqual(1, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.IsTrue(replies.Where(r => r.Status != HttpStatusCode.Created).All(r => r.Code == "group.name_taken"), string.Join("\n", replies.Select(r => r.Describe())));
        Assert.AreEqual(2, (await _client.SendAsync(user, HttpMethod.Get, "/api/groups")).Items.Count);
    }
}
