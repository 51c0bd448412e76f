using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Providers;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Operators;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Billing;

/// <summary>
/// An in-process Kabinet on its own tables (a prefix: the shared host's workers find none of its runs and drop their messages)
/// and a settable clock, with an operator signed in. Tests seed rows straight into the tables and drive a run by invoking
/// its queue functions themselves, as the host would: that is how they stop one half-way.
/// </summary>
public sealed class BillingApp : TestApp
{
    private BillingApp(string login, TestClock clock) : base(new Dictionary<string, string?>
    {
        ["Auth:OperatorLogin"] = login,
        ["Auth:OperatorPassword"] = ImportApp.OperatorPassword,
        ["Storage:TablePrefix"] = TestEnvironment.UniqueName("bl"),
    }, clock, ownAddress: true)
    {
    }

    public TestClock Time => Clock!;
    public AccountTables Accounts => Services.GetRequiredService<AccountTables>();
    public ProviderTables Providers => Services.GetRequiredService<ProviderTables>();
    public BillingTables Billing => Services.GetRequiredService<BillingTables>();

    public static async Task<BillingApp> StartAsync(DateTimeOffset now)
    {
        var login = TestUsers.NewEmail();
        var app = new BillingApp(login, new TestClock(now));
        // Signed in on the real clock, as users are minted: tokens are checked against it.
        using var real = app.Root.CreateClient();
        var tokens = await (await real.Post("/api/auth/login", new { login, password = ImportApp.OperatorPassword })).AssertStatus(HttpStatusCode.OK);
        app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return app;
    }

    /// <summary>Invokes a queue function in-process with the host's payload; false when the invocation failed (the host would retry).</summary>
    public async Task<bool> InvokeAsync(string function, object message, int dequeueCount = 1, CancellationToken ct = default)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = JsonSerializer.Serialize(message, JsonSerializerOptions.Web);
        payload["Metadata"]!["DequeueCount"] = dequeueCount;
        payload["Metadata"]!["sys"]!["MethodName"] = function;
        using var client = Factory.CreateClient();
        var response = await client.PostAsync("/" + function, new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        return response.IsSuccessStatusCode;
    }

    public async Task InvokeTimerAsync(string function)
    {
        using var client = Factory.CreateClient();
        var response = await client.PostAsync("/" + function, new StringContent(File.ReadAllText(RepoPaths.Fixture("timer-invocation.json")), Encoding.UTF8, "application/json"));
        Assert.IsTrue(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>POST /operator/billing/runs → the run's view.</summary>
    public async Task<JsonElement> StartRunAsync(string providerId, string period) =>
        await (await Client.Post("/api/operator/billing/runs", new { providerId, period })).AssertStatus(HttpStatusCode.Accepted);

    public async Task<JsonElement> RunAsync(string runId) =>
        await (await Client.GetAsync($"/api/operator/billing/runs/{runId}")).AssertStatus(HttpStatusCode.OK);

    /// <summary>Does what the queues would: split the run, then close every slice.</summary>
    public async Task DriveAsync(string runId)
    {
        Assert.IsTrue(await InvokeAsync("StartBillingRun", new { runId }));
        var run = (await Billing.Runs.GetEntityAsync<BillingRunEntity>(BillingRunEntity.Partition, runId)).Value;
        for (var n = 0; n < (run.SliceCount ?? 0); n++) Assert.IsTrue(await InvokeAsync("CloseBillingSlice", new { runId, slice = n }));
    }

    public async Task<List<T>> RowsAsync<T>(string accountId, string prefix) where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
        await foreach (var row in Accounts.Accounts.QueryAsync<T>(filter)) rows.Add(row);
        return rows;
    }

    public async Task<AccountEntity> AccountAsync(string accountId) => (await Accounts.Accounts.GetEntityAsync<AccountEntity>(accountId, AccountEntity.Row)).Value;

    /// <summary>Links a user to the account without the proof flow (the link and its mirror).</summary>
    public async Task LinkAsync(TestUser user, SeededBillingAccount account)
    {
        await Accounts.Links.UpsertEntityAsync(new LinkEntity
        {
            PartitionKey = user.Id, RowKey = account.Id, ProviderId = account.ProviderId, Number = account.Number, ProofMethod = "lastBill", LinkedAt = DateTimeOffset.UtcNow,
        });
        await Accounts.Accounts.UpsertEntityAsync(new AccountUserEntity { PartitionKey = account.Id, RowKey = AccountUserEntity.RowFor(user.Id), LinkedAt = DateTimeOffset.UtcNow });
    }

    public HttpClient UserClient(TestUser user)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return client;
    }
}

public sealed record SeededBillingAccount(string Id, string ProviderId, string Number, string Serial);
