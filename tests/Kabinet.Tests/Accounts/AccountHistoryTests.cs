using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>Linking and unlinking an account show in the user's history, with their details as an object.</summary>
[TestClass]
public sealed class AccountHistoryTests
{
    private static readonly TestApp App = new();
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Linking_and_unlinking_are_in_the_history_newest_first()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(App.Root);
        var id = await _client.LinkOkAsync(user, account);
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + id)).Status);
        var again = await _client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + id);

        var history = await _client.SendAsync(user, HttpMethod.Get, "/api/profile/history");

        Assert.AreEqual(HttpStatusCode.NotFound, again.Status, "nothing to unlink: no second event");
        var events = history.Items.Where(i => i.GetProperty("event").GetString()!.StartsWith("account_")).ToList();
        CollectionAssert.AreEqual(new[] { "account_unlinked", "account_linked" }, events.Select(e => e.GetProperty("event").GetString()).ToArray());
        foreach (var e in events)
        {
            var details = e.GetProperty("details");
            Assert.AreEqual(JsonValueKind.Object, details.ValueKind, "details is an object, not JSON in a string");
            Assert.AreEqual(id, details.GetProperty("accountId").GetString());
            Assert.AreEqual(provider.ProviderId, details.GetProperty("providerId").GetString());
            Assert.AreEqual(account.Number, details.GetProperty("accountNumber").GetString(), "an account named from elsewhere is accountNumber");
        }
        Assert.AreEqual("lastBill", events[1].GetProperty("details").GetProperty("proofMethod").GetString());
    }
}
