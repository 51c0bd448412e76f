using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>One account, several users (a family): own aliases and groups, and the bill delivery rule of seed 004, 3.1.1.2.</summary>
[TestClass]
public sealed class AccountFamilyTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static async Task<string> GroupAsync(TestUser user, string name)
    {
        var r = await _client.SendAsync(user, HttpMethod.Post, "/api/groups", new { name });
        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        return r.Body.GetProperty("id").GetString()!;
    }

    private static Task<Reply> Patch(TestUser user, string id, object body) => _client.SendAsync(user, HttpMethod.Patch, "/api/accounts/" + id, body);

    private static async Task<string> DeliveryAsync(string id) => (await AccountData.ReadAccountAsync(id)).BillDelivery;

    [TestMethod]
    public async Task Two_users_link_one_account_each_with_their_own_alias_and_group()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var mother = await TestUsers.MintAsync(_factory);
        var son = await TestUsers.MintAsync(_factory);
        var kuba = await GroupAsync(mother, "Куба");

        await _client.LinkOkAsync(mother, account, alias: "Квартира", groupId: kuba);
        var sonLink = await _client.LinkAsync(son, account, new { method = "meterSerial", serial = account.MeterSerial }, alias: "Мамина квартира");
        Assert.AreEqual(HttpStatusCode.Created, sonLink.Status, sonLink.Describe());
        Assert.AreEqual("all", sonLink.Body.GetProperty("groupId").GetString());

        var mine = (await _client.AccountsAsync(mother)).Single();
        var his = (await _client.AccountsAsync(son)).Single();
        Assert.AreEqual("Квартира", mine.GetProperty("alias").GetString());
        Assert.AreEqual(kuba, mine.GetProperty("groupId").GetString());
        Assert.AreEqual("Мамина квартира", his.GetProperty("alias").GetString());
        Assert.AreEqual(account.Id, his.GetProperty("id").GetString());

        var renamed = await Patch(son, account.Id, new { alias = "Мама" });
        Assert.AreEqual(HttpStatusCode.OK, renamed.Status, renamed.Describe());
        Assert.AreEqual("Мама", renamed.Body.GetProperty("alias").GetString());
        Assert.AreEqual("Квартира", (await _client.AccountsAsync(mother)).Single().GetProperty("alias").GetString());
        // The son cannot put it into the mother's group.
        var foreignGroup = await Patch(son, account.Id, new { groupId = kuba });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, foreignGroup.Status, foreignGroup.Describe());
        CollectionAssert.AreEqual(new[] { ("groupId", "account.group_unknown") }, foreignGroup.Errors);

        // One unlinking leaves the other's link alone.
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(son, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
        Assert.AreEqual(0, (await _client.AccountsAsync(son)).Count);
        Assert.AreEqual(1, (await _client.AccountsAsync(mother)).Count);
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SendAsync(son, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
    }

    [TestMethod]
    public async Task Paper_bills_until_every_linked_user_chose_email()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var first = await TestUsers.MintAsync(_factory, byEmail: true);
        var second = await TestUsers.MintAsync(_factory, byEmail: true);

        await _client.LinkOkAsync(first, account);
        var chose = await Patch(first, account.Id, new { billDelivery = "email" });
        Assert.AreEqual(HttpStatusCode.OK, chose.Status, chose.Describe());
        Assert.AreEqual("email", chose.Body.GetProperty("billDelivery").GetString());
        Assert.AreEqual("email", chose.Body.GetProperty("providerBillDelivery").GetString(), "the only user chose email");
        Assert.AreEqual("email", await DeliveryAsync(account.Id));

        // A second user links: until they choose e-mail too, paper bills come.
        await _client.LinkOkAsync(second, account);
        Assert.AreEqual("paper", await DeliveryAsync(account.Id));
        var view = (await _client.AccountsAsync(first)).Single();
        Assert.AreEqual("paper", view.GetProperty("providerBillDelivery").GetString());
        Assert.AreEqual("email", view.GetProperty("billDelivery").GetString(), "the user's own choice stands");

        Assert.AreEqual("email", (await Patch(second, account.Id, new { billDelivery = "email" })).Body.GetProperty("providerBillDelivery").GetString());
        Assert.AreEqual("email", await DeliveryAsync(account.Id));

        var back = await Patch(first, account.Id, new { billDelivery = "paper" });
        Assert.AreEqual("paper", back.Body.GetProperty("billDelivery").GetString());
        Assert.AreEqual("paper", back.Body.GetProperty("providerBillDelivery").GetString());
        Assert.AreEqual("paper", await DeliveryAsync(account.Id));

        // The one who wanted paper unlinks: everyone left chose e-mail.
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(first, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
        Assert.AreEqual("email", await DeliveryAsync(account.Id));
        // The last one unlinks: nobody receives e-mail any more.
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(second, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
        Assert.AreEqual("paper", await DeliveryAsync(account.Id));
    }

    [TestMethod]
    public async Task The_profiles_bills_by_email_is_the_default_of_a_newly_linked_account()
    {
        var provider = await AccountData.ProviderAsync();
        var first = await AccountData.AccountAsync(provider);
        var second = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory, byEmail: true);

        await _client.LinkOkAsync(user, first);
        var on = await _client.SendAsync(user, HttpMethod.Patch, "/api/profile", new { lastName = "Иванов", firstName = "Иван", billsByEmail = true });
        Assert.AreEqual(HttpStatusCode.OK, on.Status, on.Describe());
        await _client.LinkOkAsync(user, second);

        var views = (await _client.AccountsAsync(user)).ToDictionary(a => a.GetProperty("id").GetString()!);
        Assert.AreEqual("paper", views[first.Id].GetProperty("billDelivery").GetString(), "linked before: the profile setting does not change it");
        Assert.AreEqual("email", views[second.Id].GetProperty("billDelivery").GetString(), "linked after: starts as the profile says");
        Assert.AreEqual("email", views[second.Id].GetProperty("providerBillDelivery").GetString(), "the only user of the account");
        Assert.AreEqual("email", await DeliveryAsync(second.Id));
    }

    [TestMethod]
    public async Task Email_delivery_needs_a_confirmed_email_on_the_profile()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory); // by phone: no e-mail yet
        await _client.LinkOkAsync(user, account);

        var refused = await Patch(user, account.Id, new { billDelivery = "email", alias = "Дом" });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.Status, refused.Describe());
        Assert.AreEqual("account.email_not_confirmed", refused.Code);
        CollectionAssert.AreEqual(new[] { ("billDelivery", "account.email_not_confirmed") }, refused.Errors);
        Assert.AreEqual(JsonValueKind.Null, (await _client.AccountsAsync(user)).Single().GetProperty("alias").ValueKind, "nothing applied");

        var bad = await Patch(user, account.Id, new { billDelivery = "pigeon", alias = new string('x', 51) });
        CollectionAssert.AreEquivalent(new[] { ("billDelivery", "account.bill_delivery_invalid"), ("alias", "account.alias_too_long") }, bad.Errors);

        // Adding and confirming an e-mail in the profile makes it possible.
        var email = TestUsers.NewEmail();
        var started = await _client.SendAsync(user, HttpMethod.Post, "/api/profile/email", new { email });
        Assert.AreEqual(HttpStatusCode.Accepted, started.Status, started.Describe());
        var confirmed = await _client.SendAsync(user, HttpMethod.Post, "/api/profile/contacts/confirm",
            new { challengeId = started.Body.GetProperty("challengeId").GetString(), code = await TestUsers.EmailCodeAsync(email) });
        Assert.AreEqual(HttpStatusCode.OK, confirmed.Status, confirmed.Describe());

        var ok = await Patch(user, account.Id, new { billDelivery = "email" });
        Assert.AreEqual(HttpStatusCode.OK, ok.Status, ok.Describe());
        Assert.AreEqual("email", await DeliveryAsync(account.Id));
    }

    [TestMethod]
    public async Task Removing_all_of_a_users_links_recomputes_delivery_and_drops_groups()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var leaving = await TestUsers.MintAsync(_factory);
        var staying = await TestUsers.MintAsync(_factory, byEmail: true);
        await GroupAsync(leaving, "Дача");
        await _client.LinkOkAsync(leaving, account);
        await _client.LinkOkAsync(staying, account);
        await Patch(staying, account.Id, new { billDelivery = "email" });
        Assert.AreEqual("paper", await DeliveryAsync(account.Id));

        var links = (Kabinet.Accounts.AccountLinks)_factory.Services.GetService(typeof(Kabinet.Accounts.AccountLinks))!;
        await links.RemoveAllAsync(leaving.Id, CancellationToken.None);
        await links.RemoveAllAsync(leaving.Id, CancellationToken.None); // again: nothing left to do

        Assert.AreEqual(0, (await _client.AccountsAsync(leaving)).Count);
        var groups = await _client.SendAsync(leaving, HttpMethod.Get, "/api/groups");
        Assert.AreEqual(1, groups.Items.Count, groups.Describe());
        Assert.AreEqual("email", await DeliveryAsync(account.Id));
    }
}
