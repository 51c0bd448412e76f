using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Notifications;
using Kabinet.Providers;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Readings;

namespace Kabinet.Tests.Notifications;

/// <summary>
/// The reading reminder: one provider's run (SendReminders, invoked in-process with its own message, as the timer would
/// queue it) on a clock three days before the provider's readings day.
/// </summary>
[TestClass]
public sealed class ReadingReminderTests
{
    // 12:00 in Omsk (UTC+6) on 22 December: three days before the 25th.
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 12, 22, 6, 0, 0, TimeSpan.Zero));
    private static readonly TestApp App = new(clock: Clock);

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static async Task<SeededAccount> AccountAsync(ProviderEntity provider, params TestUser[] users)
    {
        var account = await AccountData.AccountAsync(provider);
        await AccountData.Tables.AccountIndex.UpsertEntityAsync(new AccountIndexEntity
        {
            PartitionKey = provider.ProviderId, RowKey = AccountIds.NormalizeNumber(account.Number), AccountId = account.Id,
        });
        foreach (var user in users)
        {
            await AccountData.Tables.Links.UpsertEntityAsync(new LinkEntity { PartitionKey = user.Id, RowKey = account.Id, ProviderId = provider.ProviderId, Number = account.Number, ProofMethod = "lastBill", LinkedAt = DateTimeOffset.UtcNow });
            await AccountData.Tables.Accounts.UpsertEntityAsync(new AccountUserEntity { PartitionKey = account.Id, RowKey = AccountUserEntity.RowFor(user.Id), LinkedAt = DateTimeOffset.UtcNow });
        }
        return account;
    }

    private static async Task RunAsync(string providerId, int dequeueCount = 1)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = JsonSerializer.Serialize(new { kind = ReadingReminder.KindName, providerId, at = Clock.Now }, JsonSerializerOptions.Web);
        payload["Metadata"]!["DequeueCount"] = dequeueCount;
        payload["Metadata"]!["sys"]!["MethodName"] = "SendReminders";
        var response = await App.Client.PostAsync("/SendReminders", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<NoticeEntity>> RemindersAsync(TestUser user) =>
        (await NoticeRows.OfAsync(user.Id)).Where(n => n.Template == NoticeTemplates.ReadingReminderName).ToList();

    [TestMethod]
    public async Task Accounts_without_a_reading_this_period_are_reminded_once_the_others_not()
    {
        var provider = await AccountData.ProviderAsync(); // Asia/Omsk, readings day 25
        var (alice, bob, carol, dave) = (await App.MintAsync(), await App.MintAsync(), await App.MintAsync(), await App.MintAsync());
        var unread = await AccountAsync(provider, alice, bob);
        var read = await AccountAsync(provider, carol);
        // Read on 26 November: after November's readings day, so for December.
        await ReadingsData.ReadingAsync(read.Id, read.MeterSerial, "2026-11-26", """{"day":"100","night":"50"}""");
        var remote = await AccountAsync(provider, dave);
        var meter = (await AccountData.Tables.Accounts.GetEntityAsync<MeterEntity>(remote.Id, MeterEntity.RowFor(remote.MeterSerial))).Value;
        meter.RemoteRead = true;
        await AccountData.Tables.Accounts.UpdateEntityAsync(meter, meter.ETag);
        await AccountAsync(provider); // nobody linked: nobody to remind

        await RunAsync(provider.ProviderId);

        foreach (var user in new[] { alice, bob })
        {
            var reminder = (await RemindersAsync(user)).Single();
            Assert.AreEqual(NoticeCategories.Reading, reminder.Category);
            Assert.AreEqual($"reading_reminder:{unread.Id}:2026-12", reminder.DedupKey);
            Assert.AreEqual(unread.Id, reminder.AccountId);
            Assert.AreEqual($"Передайте показания счётчика {unread.MeterSerial} по лицевому счёту {unread.Number} до 25.12.2026 включительно.", reminder.Body,
                "the decommissioned meter is not named");
            Assert.AreEqual("Asia/Omsk", reminder.TimeZone);
        }
        Assert.AreEqual(0, (await RemindersAsync(carol)).Count, "read this period");
        Assert.AreEqual(0, (await RemindersAsync(dave)).Count, "read remotely");

        // Again the same day (a retried message) and the next day of the window: still one reminder each.
        await RunAsync(provider.ProviderId, dequeueCount: 2);
        Clock.Now = Clock.Now.AddDays(1);
        try { await RunAsync(provider.ProviderId); }
        finally { Clock.Now = Clock.Now.AddDays(-1); }
        Assert.AreEqual(1, (await RemindersAsync(alice)).Count);
        Assert.AreEqual(1, (await RemindersAsync(bob)).Count);
    }

    [TestMethod]
    public async Task A_provider_whose_readings_day_is_not_near_reminds_nobody()
    {
        var provider = await AccountData.ProviderAsync();
        provider.ReadingsDay = 15; // 22 December counts for January; its deadline is 15 January
        await AccountData.ProviderTables.Providers.UpsertEntityAsync(provider, TableUpdateMode.Replace);
        var user = await App.MintAsync();
        await AccountAsync(provider, user);

        await RunAsync(provider.ProviderId);

        Assert.AreEqual(0, (await RemindersAsync(user)).Count);
    }

    [TestMethod]
    public async Task A_run_for_an_unknown_provider_or_kind_is_dropped()
    {
        await RunAsync(TestEnvironment.UniqueName("none"));
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = """{"kind":"nope","providerId":"x"}""";
        payload["Metadata"]!["sys"]!["MethodName"] = "SendReminders";
        var response = await App.Client.PostAsync("/SendReminders", new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task The_timer_runs_on_its_own_tables()
    {
        // Own tables (an empty providers table): the run reads the providers and queues nothing.
        using var factory = new KabinetFactory(new Dictionary<string, string?> { ["Storage:TablePrefix"] = TestEnvironment.UniqueName("t") });
        var client = factory.CreateClient();
        var payload = await File.ReadAllTextAsync(RepoPaths.Fixture("timer-invocation.json"));
        var response = await client.PostAsync("/ReadingReminders", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
