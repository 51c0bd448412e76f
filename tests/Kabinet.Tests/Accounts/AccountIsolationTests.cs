using System.Net;
using System.Text;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>Other users' accounts are invisible, /api/providers is public, and no request makes a 5xx.</summary>
[TestClass]
public sealed class AccountIsolationTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Another_users_account_answers_exactly_like_an_unknown_id()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var unlinked = await AccountData.AccountAsync(provider);
        var owner = await TestUsers.MintAsync(_factory);
        var stranger = await TestUsers.MintAsync(_factory);
        await _client.LinkOkAsync(owner, account, alias: "Моё");
        var ownerGroup = (await _client.SendAsync(owner, HttpMethod.Post, "/api/groups", new { name = "Моя" })).Body.GetProperty("id").GetString();

        foreach (var id in new[] { account.Id, unlinked.Id, "0123456789abcdef01234567", "nope" })
        {
            foreach (var (method, body) in new (HttpMethod, object?)[] { (HttpMethod.Get, null), (HttpMethod.Patch, new { alias = "Чужое" }), (HttpMethod.Delete, null) })
            {
                var r = await _client.SendAsync(stranger, method, "/api/accounts/" + id, body);
                Assert.AreEqual(HttpStatusCode.NotFound, r.Status, $"{method} {id}: {r.Describe()}");
                Assert.AreEqual("account.not_found", r.Code);
            }
        }
        // A stranger's patch with a bad body is still a 404, not a hint.
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(stranger, HttpMethod.Patch, "/api/accounts/" + account.Id, new { billDelivery = "email" })).Status);
        Assert.AreEqual(0, (await _client.AccountsAsync(stranger)).Count);
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(stranger, HttpMethod.Get, "/api/accounts?groupId=" + ownerGroup)).Status);
        foreach (var (method, body) in new (HttpMethod, object?)[] { (HttpMethod.Patch, new { name = "Взлом" }), (HttpMethod.Delete, null) })
            Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(stranger, method, "/api/groups/" + ownerGroup, body)).Status);

        var still = (await _client.AccountsAsync(owner)).Single();
        Assert.AreEqual("Моё", still.GetProperty("alias").GetString());
        Assert.AreEqual(2, (await _client.SendAsync(owner, HttpMethod.Get, "/api/groups")).Items.Count);
    }

    [TestMethod]
    public async Task Accounts_and_groups_need_a_token()
    {
        foreach (var path in new[] { "/api/accounts", "/api/accounts/abc", "/api/groups" })
        {
            var r = await _client.SendAsync(null, HttpMethod.Get, path);
            Assert.AreEqual(HttpStatusCode.Unauthorized, r.Status, path);
            Assert.AreEqual("auth.unauthorized", r.Code);
        }
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await _client.SendAsync(null, HttpMethod.Post, "/api/accounts", new { providerId = "x" })).Status);
    }

    [TestMethod]
    public async Task Providers_are_public_with_contacts_and_paged()
    {
        var a = await AccountData.ProviderAsync(name: "Омская энергосбытовая компания");
        await AccountData.ProviderAsync();
        await AccountData.ProviderAsync();

        var r = await _client.SendAsync(null, HttpMethod.Get, "/api/providers?limit=200");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        var p = r.Items.Single(x => x.GetProperty("id").GetString() == a.ProviderId);
        Assert.AreEqual("Омская энергосбытовая компания", p.GetProperty("name").GetString());
        Assert.AreEqual("5503000000", p.GetProperty("inn").GetString());
        Assert.AreEqual("+73812000000", p.GetProperty("phone").GetString());
        Assert.AreEqual("info@example.com", p.GetProperty("email").GetString());
        Assert.AreEqual("https://example.com", p.GetProperty("website").GetString());
        Assert.AreEqual("644000, г. Омск", p.GetProperty("legalAddress").GetString());
        Assert.AreEqual("Asia/Omsk", p.GetProperty("timeZone").GetString());
        Assert.AreEqual(25, p.GetProperty("readingsDay").GetInt32());
        Assert.AreEqual(3, p.GetProperty("acceptedProofs").GetArrayLength());

        // Walking the pages two at a time yields every provider once.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _client.SendAsync(null, HttpMethod.Get, "/api/providers?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.AreEqual(HttpStatusCode.OK, page.Status, page.Describe());
            Assert.IsTrue(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(x => x.GetProperty("id").GetString()!));
            cursor = page.Body.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        CollectionAssert.AllItemsAreUnique(seen);
        Assert.IsTrue(seen.Contains(a.ProviderId));

        var bad = await _client.SendAsync(null, HttpMethod.Get, "/api/providers?cursor=%25%25%25");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, bad.Status, bad.Describe());
    }

    [TestMethod]
    public async Task The_functions_answer_through_the_host()
    {
        using var host = await SharedKabinetHost.ClientAsync();
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.RegisterAsync(host);

        Assert.AreEqual(HttpStatusCode.OK, (await host.SendAsync(null, HttpMethod.Get, "/api/providers")).Status);
        var group = await host.SendAsync(user, HttpMethod.Post, "/api/groups", new { name = "Куба" });
        Assert.AreEqual(HttpStatusCode.Created, group.Status, group.Describe());
        await host.LinkOkAsync(user, account, groupId: group.Body.GetProperty("id").GetString());
        var details = await host.SendAsync(user, HttpMethod.Get, "/api/accounts/" + account.Id);
        Assert.AreEqual(HttpStatusCode.OK, details.Status, details.Describe());
        Assert.AreEqual(1, (await host.SendAsync(user, HttpMethod.Get, "/api/groups")).Items[1].GetProperty("accountCount").GetInt32());
    }

    [TestMethod]
    public async Task Garbage_never_makes_a_server_error()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);
        await _client.LinkOkAsync(user, account);
        var huge = new string('9', 200_000);
        var json = (string s) => new StringContent(s, Encoding.UTF8, "application/json");

        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "/api/accounts", json("{")),
            (HttpMethod.Post, "/api/accounts", json("[]")),
            (HttpMethod.Post, "/api/accounts", json("null")),
            (HttpMethod.Post, "/api/accounts", json("{\"providerId\":5,\"number\":{}}")),
            (HttpMethod.Post, "/api/accounts", json("{\"providerId\":\"p\",\"number\":\"1\",\"verification\":{\"method\":\"lastBill\",\"amount\":1e40}}")),
            (HttpMethod.Post, "/api/accounts", json("{\"providerId\":\"p\",\"number\":\"1\",\"verification\":{\"method\":\"lastBill\",\"amount\":\"12\"}}")),
            (HttpMethod.Post, "/api/accounts", json("{\"providerId\":\"p\",\"number\":\"1\",\"verification\":\"lastBill\"}")),
            (HttpMethod.Post, "/api/accounts", new { providerId = huge, number = huge, verification = new { method = "meterSerial", serial = huge }, alias = huge, groupId = huge, extra = 1 }),
            (HttpMethod.Post, "/api/accounts", new { providerId = "a/b\\c#d?e", number = "№ 1/2#3?", verification = new { method = "meterSerial", serial = "x/y#z?\\" }, groupId = "a/b" }),
            (HttpMethod.Post, "/api/accounts", new { providerId = provider.ProviderId, number = account.Number + "/#?", verification = new { method = "meterSerial", serial = "'; drop" } }),
            (HttpMethod.Post, "/api/accounts", new { providerId = provider.ProviderId, number = "'", verification = new { method = "lastPayment", date = "2025-02-30", amount = long.MaxValue } }),
            (HttpMethod.Patch, "/api/accounts/" + account.Id, json("{\"alias\":7}")),
            (HttpMethod.Patch, "/api/accounts/" + account.Id, json("nonsense")),
            (HttpMethod.Patch, "/api/accounts/" + account.Id, new { alias = huge, groupId = "../../x", billDelivery = huge }),
            (HttpMethod.Patch, "/api/accounts/" + account.Id, new { groupId = "" }),
            (HttpMethod.Get, "/api/accounts/" + Uri.EscapeDataString("a'b\"c"), null),
            (HttpMethod.Get, "/api/accounts/" + new string('a', 5000), null),
            (HttpMethod.Get, "/api/accounts/%01%7F", null),
            (HttpMethod.Get, "/api/accounts?groupId=" + Uri.EscapeDataString("' or 1 eq 1"), null),
            (HttpMethod.Delete, "/api/accounts/%C3%BF%C3%BE", null),
            (HttpMethod.Get, "/api/providers?limit=-5&cursor=" + new string('A', 1000), null),
            (HttpMethod.Get, "/api/providers?limit=abc", null),
            (HttpMethod.Get, "/api/providers?cursor=" + Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes("a#b"))), null),
            (HttpMethod.Post, "/api/groups", json("{\"name\":[1]}")),
            (HttpMethod.Post, "/api/groups", new { name = huge }),
            (HttpMethod.Patch, "/api/groups/" + new string('z', 3000), new { name = "x" }),
            (HttpMethod.Patch, "/api/groups/%27", new { name = "x" }),
            (HttpMethod.Delete, "/api/groups/" + Uri.EscapeDataString("x'y"), null),
            (HttpMethod.Put, "/api/accounts/" + account.Id, new { alias = "x" }),
        };
        foreach (var (method, path, body) in requests)
        {
            var r = await _client.SendAsync(user, method, path, body);
            var what = $"{method} {path[..Math.Min(path.Length, 80)]}: {r.Describe()[..Math.Min(300, r.Describe().Length)]}";
            Assert.IsTrue((int)r.Status < 500, what);
            if ((int)r.Status >= 400) Assert.IsNotNull(r.Code, what + " (ProblemDetails with a code)");
        }
        Assert.AreEqual(1, (await _client.AccountsAsync(user)).Count);
    }
}
