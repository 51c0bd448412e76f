using System.Net;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Accounts;

/// <summary>POST /api/accounts: proofs, failures that say nothing, the attempt limit and the account limit.</summary>
[TestClass]
public sealed class AccountLinkingTests
{
    private static readonly TestApp App = new();
    private static KabinetFactory _factory => App.Root;
    private static HttpClient _client => App.Client;

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    public async Task Each_proof_method_links_and_returns_the_account()
    {
        var provider = await AccountData.ProviderAsync();
        var user = await TestUsers.MintAsync(_factory);
        var byPayment = await AccountData.AccountAsync(provider);
        var byMeter = await AccountData.AccountAsync(provider, balance: -5000);
        var byBill = await AccountData.AccountAsync(provider);

        var p = await _client.LinkAsync(user, byPayment, new { method = "lastPayment", date = byPayment.PaymentDate, amount = byPayment.PaymentAmount }, alias: "  Дача  ");
        // Serials compare without spaces, dashes and case.
        var m = await _client.LinkAsync(user, byMeter, new { method = "meterSerial", serial = " " + byMeter.MeterSerial[..4] + "-" + byMeter.MeterSerial[4..] });
        var b = await _client.LinkAsync(user, byBill, new { method = "lastBill", amount = byBill.LastBillTotal });

        Assert.AreEqual(HttpStatusCode.Created, p.Status, p.Describe());
        Assert.AreEqual(HttpStatusCode.Created, m.Status, m.Describe());
        Assert.AreEqual(HttpStatusCode.Created, b.Status, b.Describe());
        Assert.AreEqual("/api/accounts/" + byPayment.Id, p.Raw.Headers.Location?.ToString());
        Assert.AreEqual(byPayment.Id, p.Body.GetProperty("id").GetString());
        Assert.AreEqual(provider.ProviderId, p.Body.GetProperty("providerId").GetString());
        Assert.AreEqual(provider.Name, p.Body.GetProperty("providerName").GetString());
        Assert.AreEqual(byPayment.Number, p.Body.GetProperty("number").GetString());
        Assert.AreEqual("Дача", p.Body.GetProperty("alias").GetString());
        Assert.AreEqual("all", p.Body.GetProperty("groupId").GetString());
        Assert.AreEqual(22672, p.Body.GetProperty("balance").GetInt64());
        Assert.AreEqual(22672, p.Body.GetProperty("amountDue").GetInt64());
        Assert.AreEqual(0, p.Body.GetProperty("overpayment").GetInt64());
        Assert.AreEqual("paper", p.Body.GetProperty("billDelivery").GetString());
        Assert.AreEqual("paper", p.Body.GetProperty("providerBillDelivery").GetString());
        Assert.IsFalse(p.Body.TryGetProperty("myBillDelivery", out _), "one name for the user's choice");
        Assert.AreEqual(-5000, m.Body.GetProperty("balance").GetInt64());
        Assert.AreEqual(0, m.Body.GetProperty("amountDue").GetInt64(), "a prepaid account owes nothing");
        Assert.AreEqual(5000, m.Body.GetProperty("overpayment").GetInt64(), "the prepayment, as a positive amount");

        var list = await _client.AccountsAsync(user);
        CollectionAssert.AreEquivalent(new[] { byPayment.Id, byMeter.Id, byBill.Id }, list.Select(a => a.GetProperty("id").GetString()).ToArray());

        var details = await _client.SendAsync(user, HttpMethod.Get, "/api/accounts/" + byMeter.Id);
        Assert.AreEqual(HttpStatusCode.OK, details.Status, details.Describe());
        Assert.AreEqual("Иванов И. И.", details.Body.GetProperty("holderName").GetString());
        var premises = details.Body.GetProperty("premises");
        Assert.AreEqual(2, premises.GetProperty("rooms").GetInt32());
        Assert.AreEqual(1, premises.GetProperty("residents").GetInt32());
        Assert.AreEqual(54.3m, premises.GetProperty("area").GetDecimal());
        Assert.AreEqual("electric", premises.GetProperty("stove").GetString());
        var meters = details.Body.GetProperty("meters").EnumerateArray().ToList();
        Assert.AreEqual(2, meters.Count);
        Assert.AreEqual(byMeter.MeterSerial, meters[0].GetProperty("serial").GetString(), "active meters first");
        Assert.AreEqual(byMeter.MeterSerial, meters[0].GetProperty("id").GetString(), "the key of the meter's paths");
        Assert.AreEqual("day-night", meters[0].GetProperty("zoneSet").GetString());
        CollectionAssert.AreEqual(new[] { "day", "night" }, meters[0].GetProperty("zones").EnumerateArray().Select(z => z.GetString()).ToArray());
        Assert.AreEqual(6, meters[0].GetProperty("digits").GetInt32());
        Assert.AreEqual(1, meters[0].GetProperty("fractionDigits").GetInt32());
        Assert.AreEqual("2019-03-01", meters[0].GetProperty("installedOn").GetString());
        Assert.AreEqual("2035-03-01", meters[0].GetProperty("verifiedUntil").GetString());
        Assert.IsFalse(meters[0].GetProperty("remoteRead").GetBoolean());
        Assert.AreEqual("decommissioned", meters[1].GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task Wrong_proof_unknown_number_and_unknown_provider_answer_identically()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);
        var second = await TestUsers.MintAsync(_factory); // fewer than five failures each, so no lock interferes

        var failures = new[]
        {
            await _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal + 1 }),
            await _client.LinkAsync(user, account, new { method = "lastBill", amount = 331969 }), // an older bill
            await _client.LinkAsync(user, account, new { method = "lastPayment", date = account.PaymentDate, amount = 100000 }),
            await _client.LinkAsync(user, account, new { method = "lastPayment", date = "2025-01-15", amount = 100000 }), // an older payment
            await _client.LinkAsync(user, account with { Number = account.Number + "9" }, new { method = "lastBill", amount = account.LastBillTotal }),
            await _client.LinkAsync(user, account with { ProviderId = "no-such-provider-" + Guid.NewGuid().ToString("N")[..6] }, new { method = "lastBill", amount = account.LastBillTotal }),
            await _client.LinkAsync(second, account, new { method = "meterSerial", serial = "OLD" + account.MeterSerial }), // decommissioned
            await _client.LinkAsync(second, account, new { method = "meterSerial", serial = "123456" }),
        };

        foreach (var f in failures)
        {
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, f.Status, f.Describe());
            Assert.AreEqual("account.verification_failed", f.Code);
            Assert.AreEqual(0, f.Errors.Count, "no hint which part was wrong");
            Assert.AreEqual(failures[0].Body.GetProperty("detail").GetString(), f.Body.GetProperty("detail").GetString());
        }
        Assert.AreEqual(0, (await _client.AccountsAsync(user)).Count);
        Assert.AreEqual(HttpStatusCode.Created, (await _client.LinkAsync(second, account, new { method = "lastBill", amount = account.LastBillTotal })).Status);
    }

    [TestMethod]
    public async Task A_method_the_provider_does_not_accept_is_refused_without_counting()
    {
        var provider = await AccountData.ProviderAsync(acceptedProofs: "meterSerial");
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);

        for (var i = 0; i < 6; i++)
        {
            var r = await _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal });
            Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
            Assert.AreEqual("account.verification_method_not_accepted", r.Code);
        }
        var ok = await _client.LinkAsync(user, account, new { method = "meterSerial", serial = account.MeterSerial });
        Assert.AreEqual(HttpStatusCode.Created, ok.Status, ok.Describe());

        var providers = await _client.SendAsync(null, HttpMethod.Get, "/api/providers?limit=200");
        var listed = providers.Items.Single(p => p.GetProperty("id").GetString() == provider.ProviderId);
        CollectionAssert.AreEqual(new[] { "meterSerial" }, listed.GetProperty("acceptedProofs").EnumerateArray().Select(x => x.GetString()).ToArray());
    }

    [TestMethod]
    public async Task Five_failed_proofs_lock_the_account_for_the_user_for_a_day()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var other = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);
        var neighbour = await TestUsers.MintAsync(_factory);

        for (var i = 0; i < 5; i++)
            Assert.AreEqual("account.verification_failed", (await _client.LinkAsync(user, account, new { method = "lastBill", amount = 1 + i })).Code);

        var locked = await _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal });
        Assert.AreEqual(HttpStatusCode.TooManyRequests, locked.Status, locked.Describe());
        Assert.AreEqual("account.too_many_attempts", locked.Code);
        var retryAfter = int.Parse(locked.Raw.Headers.GetValues("Retry-After").Single());
        Assert.IsTrue(retryAfter is > 23 * 3600 and <= 24 * 3600, retryAfter.ToString());
        // The same number written differently is the same account.
        var respelled = await _client.LinkAsync(user, account with { Number = " " + account.Number[..5] + "-" + account.Number[5..] }, new { method = "lastBill", amount = account.LastBillTotal });
        Assert.AreEqual(HttpStatusCode.TooManyRequests, respelled.Status, respelled.Describe());

        // Per user and per account: another account, and another user, are not affected.
        Assert.AreEqual(HttpStatusCode.Created, (await _client.LinkAsync(user, other, new { method = "lastBill", amount = other.LastBillTotal })).Status);
        Assert.AreEqual(HttpStatusCode.Created, (await _client.LinkAsync(neighbour, account, new { method = "lastBill", amount = account.LastBillTotal })).Status);
    }

    [TestMethod]
    public async Task Guesses_at_an_unknown_number_are_limited_too()
    {
        var provider = await AccountData.ProviderAsync();
        var user = await TestUsers.MintAsync(_factory);
        var ghost = new SeededAccount(provider.ProviderId, "99999" + Random.Shared.Next(100000, 999999), "", "2025-02-14", 1, "1", 1);

        for (var i = 0; i < 5; i++)
            Assert.AreEqual("account.verification_failed", (await _client.LinkAsync(user, ghost, new { method = "lastBill", amount = 100 + i })).Code);
        var locked = await _client.LinkAsync(user, ghost, new { method = "meterSerial", serial = "123" });

        Assert.AreEqual(HttpStatusCode.TooManyRequests, locked.Status, locked.Describe());
        Assert.AreEqual("account.too_many_attempts", locked.Code);
    }

    [TestMethod]
    public async Task A_right_proof_after_four_failures_links_and_resets_the_count()
    {
        var provider = await AccountData.ProviderAsync();
        var account = await AccountData.AccountAsync(provider);
        var user = await TestUsers.MintAsync(_factory);

        for (var i = 0; i < 4; i++)
            Assert.AreEqual("account.verification_failed", (await _client.LinkAsync(user, account, new { method = "lastBill", amount = 1 + i })).Code);
        var ok = await _client.LinkAsync(user, account, new { method = "lastPayment", date = account.PaymentDate, amount = account.PaymentAmount });
        Assert.AreEqual(HttpStatusCode.Created, ok.Status, ok.Describe());

        var again = await _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal });
        Assert.AreEqual(HttpStatusCode.Conflict, again.Status, again.Describe());
        Assert.AreEqual("account.already_linked", again.Code);
        Assert.AreEqual(account.Id, again.Body.GetProperty("accountId").GetString());

        // Unlinked, the account can be linked again: the earlier failures were forgotten on success.
        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + account.Id)).Status);
        for (var i = 0; i < 4; i++)
            Assert.AreEqual("account.verification_failed", (await _client.LinkAsync(user, account, new { method = "lastBill", amount = 1 + i })).Code);
        Assert.AreEqual(HttpStatusCode.Created, (await _client.LinkAsync(user, account, new { method = "lastBill", amount = account.LastBillTotal })).Status);
    }

    [TestMethod]
    public async Task At_most_ten_accounts_per_user()
    {
        var provider = await AccountData.ProviderAsync();
        var user = await TestUsers.MintAsync(_factory);
        var accounts = await Task.WhenAll(Enumerable.Range(0, 11).Select(_ => AccountData.AccountAsync(provider)));

        foreach (var account in accounts.Take(10)) await _client.LinkOkAsync(user, account);
        var eleventh = await _client.LinkAsync(user, accounts[10], new { method = "lastBill", amount = accounts[10].LastBillTotal });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, eleventh.Status, eleventh.Describe());
        Assert.AreEqual("account.limit_reached", eleventh.Code);
        Assert.AreEqual(10, (await _client.AccountsAsync(user)).Count);

        Assert.AreEqual(HttpStatusCode.NoContent, (await _client.SendAsync(user, HttpMethod.Delete, "/api/accounts/" + accounts[0].Id)).Status);
        await _client.LinkOkAsync(user, accounts[10]);
    }

    [TestMethod]
    public async Task Bad_fields_are_listed_together()
    {
        var user = await TestUsers.MintAsync(_factory);

        var r = await _client.SendAsync(user, HttpMethod.Post, "/api/accounts", new
        {
            providerId = "", number = "  ", verification = new { method = "lastPayment", date = "14.02.2025", amount = -5 }, alias = new string('я', 51), groupId = "nosuchgroup",
        });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual("request.validation_failed", r.Code);
        CollectionAssert.AreEquivalent(new[]
        {
            ("providerId", "account.provider_required"), ("number", "account.number_required"), ("verification.date", "account.date_invalid"),
            ("verification.amount", "account.amount_invalid"), ("alias", "account.alias_too_long"), ("groupId", "account.group_unknown"),
        }, r.Errors);

        var noProof = await _client.SendAsync(user, HttpMethod.Post, "/api/accounts", new { providerId = "p", number = "1" });
        CollectionAssert.AreEqual(new[] { ("verification", "account.verification_required") }, noProof.Errors);
        var badMethod = await _client.SendAsync(user, HttpMethod.Post, "/api/accounts", new { providerId = "p", number = "1", verification = new { method = "passport" } });
        CollectionAssert.AreEqual(new[] { ("verification.method", "account.verification_method_invalid") }, badMethod.Errors);
        var noSerial = await _client.SendAsync(user, HttpMethod.Post, "/api/accounts", new { providerId = "p", number = "1", verification = new { method = "meterSerial" }, alias = "a\u0001b" });
        CollectionAssert.AreEquivalent(new[] { ("verification.serial", "account.serial_required"), ("alias", "account.alias_invalid") }, noSerial.Errors);

        var english = user.Request(HttpMethod.Post, "/api/accounts", new { providerId = "p", number = "1" });
        english.Headers.AcceptLanguage.ParseAdd("en");
        var en = await (await _client.SendAsync(english)).Content.ReadAsStringAsync();
        StringAssert.Contains(en, "Give a proof for the account.");
    }
}
