using System.Net;
using System.Text.Json;
using Kabinet.Platform.Paging;
using Kabinet.Providers;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Providers;

/// <summary>GET /api/providers?mine=true: the contacts of the providers of the caller's own linked accounts (seed 004, section 7).</summary>
[TestClass]
public sealed class ProvidersMineTests
{
    private static readonly TestApp App = new();
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static Task<Reply> GetAsync(TestUser? user, string query) => _client.SendAsync(user, HttpMethod.Get, "/api/providers" + query);

    private static List<string> Ids(Reply page) => page.Items.Select(i => i.GetProperty("id").GetString()!).ToList();

    [TestMethod]
    public async Task Mine_lists_only_the_providers_of_linked_accounts_with_their_contacts()
    {
        var linked = await AccountData.ProviderAsync(name: "Омская энергосбытовая компания");
        var other = await AccountData.ProviderAsync();
        var user = await App.MintAsync();
        // Two accounts of one provider: it is listed once.
        await _client.LinkOkAsync(user, await AccountData.AccountAsync(linked));
        await _client.LinkOkAsync(user, await AccountData.AccountAsync(linked));
        await AccountData.AccountAsync(other);

        var mine = await GetAsync(user, "?mine=true");

        Assert.AreEqual(HttpStatusCode.OK, mine.Status, mine.Describe());
        CollectionAssert.AreEqual(new[] { linked.ProviderId }, Ids(mine));
        Assert.AreEqual(JsonValueKind.Null, mine.Body.GetProperty("nextCursor").ValueKind);
        var p = mine.Items[0];
        Assert.AreEqual("Омская энергосбытовая компания", p.GetProperty("name").GetString());
        Assert.AreEqual(linked.Phone, p.GetProperty("phone").GetString());
        Assert.AreEqual(linked.Email, p.GetProperty("email").GetString());
        Assert.AreEqual(linked.Website, p.GetProperty("website").GetString());
        Assert.AreEqual(linked.LegalAddress, p.GetProperty("legalAddress").GetString());
        Assert.AreEqual(linked.Inn, p.GetProperty("inn").GetString());
        Assert.AreEqual("Asia/Omsk", p.GetProperty("timeZone").GetString());
        Assert.AreEqual(3, p.GetProperty("acceptedProofs").GetArrayLength());
        // "TRUE" is true too.
        CollectionAssert.AreEqual(new[] { linked.ProviderId }, Ids(await GetAsync(user, "?mine=TRUE")));
    }

    [TestMethod]
    public async Task Mine_is_empty_for_a_caller_with_no_links()
    {
        await AccountData.ProviderAsync();
        var user = await App.MintAsync();

        var mine = await GetAsync(user, "?mine=true");

        Assert.AreEqual(HttpStatusCode.OK, mine.Status, mine.Describe());
        Assert.AreEqual(0, mine.Items.Count);
        Assert.AreEqual(JsonValueKind.Null, mine.Body.GetProperty("nextCursor").ValueKind);
    }

    [TestMethod]
    public async Task Mine_pages_by_provider_id_and_takes_only_its_own_cursors()
    {
        var providers = new[] { await AccountData.ProviderAsync(), await AccountData.ProviderAsync(), await AccountData.ProviderAsync() };
        var user = await App.MintAsync();
        foreach (var p in providers) await _client.LinkOkAsync(user, await AccountData.AccountAsync(p));

        var first = await GetAsync(user, "?mine=true&limit=2");
        var cursor = first.Body.GetProperty("nextCursor").GetString();
        Assert.IsNotNull(cursor, first.Describe());
        var second = await GetAsync(user, "?mine=true&limit=2&cursor=" + Uri.EscapeDataString(cursor));

        CollectionAssert.AreEqual(providers.Select(p => p.ProviderId).Order(StringComparer.Ordinal).ToList(), Ids(first).Concat(Ids(second)).ToList());
        Assert.AreEqual(JsonValueKind.Null, second.Body.GetProperty("nextCursor").ValueKind);
        // The public list's cursor, and another user's, open nothing here.
        var publicCursor = (await GetAsync(null, "?limit=1")).Body.GetProperty("nextCursor").GetString()!;
        AssertInvalid(await GetAsync(user, "?mine=true&cursor=" + Uri.EscapeDataString(publicCursor)), ("cursor", PageCursor.InvalidCode));
        AssertInvalid(await GetAsync(await App.MintAsync(), "?mine=true&cursor=" + Uri.EscapeDataString(cursor)), ("cursor", PageCursor.InvalidCode));
    }

    [TestMethod]
    public async Task Mine_without_a_valid_token_is_401_with_its_challenge()
    {
        var anonymous = await GetAsync(null, "?mine=true");
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.Status, anonymous.Describe());
        Assert.AreEqual("auth.unauthorized", anonymous.Code);
        Assert.AreEqual("Bearer", anonymous.Raw.Headers.WwwAuthenticate.ToString());

        var badToken = await _client.SendAsync(null, HttpMethod.Get, "/api/providers?mine=true",
            configure: r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, badToken.Status, badToken.Describe());
        StringAssert.Contains(badToken.Raw.Headers.WwwAuthenticate.ToString(), "invalid_token");
    }

    [TestMethod]
    public async Task A_bad_mine_is_422_and_the_public_list_stays_public()
    {
        var user = await App.MintAsync();
        foreach (var bad in new[] { "maybe", "1", "yes", "true&mine=true" })
        {
            AssertInvalid(await GetAsync(null, "?mine=" + bad), ("mine", ProvidersErrors.MineInvalid));
            AssertInvalid(await GetAsync(user, "?mine=" + bad), ("mine", ProvidersErrors.MineInvalid));
        }
        AssertInvalid(await GetAsync(user, "?mine=maybe&limit=0"), ("mine", ProvidersErrors.MineInvalid), ("limit", PageRequest.LimitInvalidCode));

        var provider = await AccountData.ProviderAsync();
        foreach (var query in new[] { "?limit=200", "?mine=false&limit=200", "?mine=&limit=200" })
        {
            var page = await GetAsync(null, query);
            Assert.AreEqual(HttpStatusCode.OK, page.Status, query + ": " + page.Describe());
            Assert.IsTrue(page.Items.Count is > 0 and <= 200, query);
        }
        // Every provider, whether the caller linked it or not: one page from just before this provider holds it.
        var before = PageCursor.Encode("providers", provider.ProviderId[..^1]);
        var from = await GetAsync(user, "?mine=false&limit=1&cursor=" + Uri.EscapeDataString(before));
        CollectionAssert.AreEqual(new[] { provider.ProviderId }, Ids(from), from.Describe());
    }

    [TestMethod]
    public async Task The_api_document_describes_mine()
    {
        var doc = await (await _client.GetAsync("/api/openapi/v1.json")).Json();
        var mine = doc.GetProperty("paths").GetProperty("/api/providers").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "mine");
        Assert.AreEqual("query", mine.GetProperty("in").GetString());
        StringAssert.Contains(mine.GetProperty("description").GetString(), ProvidersErrors.MineInvalid);
    }

    [TestMethod]
    public void Mine_parses_true_and_false_only()
    {
        Assert.AreEqual(true, ProviderFilters.ParseMine("true"));
        Assert.AreEqual(true, ProviderFilters.ParseMine("True"));
        Assert.AreEqual(false, ProviderFilters.ParseMine("false"));
        Assert.AreEqual(false, ProviderFilters.ParseMine(null));
        Assert.AreEqual(false, ProviderFilters.ParseMine(""));
        foreach (var bad in new[] { "maybe", "1", "0", " true", "true,true" }) Assert.IsNull(ProviderFilters.ParseMine(bad), bad);
    }

    private static void AssertInvalid(Reply reply, params (string Field, string Code)[] errors)
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, reply.Status, reply.Describe());
        Assert.AreEqual("request.validation_failed", reply.Code, reply.Describe());
        CollectionAssert.AreEqual(errors, reply.Errors, reply.Describe());
    }
}
