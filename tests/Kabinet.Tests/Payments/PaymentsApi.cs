using System.Text;
using System.Text.Json;
using Kabinet.Tests.Billing;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Payments;

/// <summary>What the payment tests share: a payer with one linked account of its own, and POST /payments with an Idempotency-Key.</summary>
internal static class PaymentsApi
{
    public sealed record Payer(TestUser User, HttpClient Client, SeededBillingAccount Account);

    public static async Task<Payer> PayerAsync(BillingApp app, long opening = 500_000)
    {
        var account = await BillingData.AccountAsync(app, await BillingData.ProviderAsync(app), opening: opening);
        var user = await app.MintAsync();
        await app.LinkAsync(user, account);
        return new(user, app.UserClient(user), account);
    }

    /// <summary>One account's payment by the given method (<c>new { type = "card" }</c> and the like).</summary>
    public static object One(string accountId, long amount, object method) => new { items = new[] { new { accountId, amount } }, method };

    public static async Task<HttpResponseMessage> PayAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }
}
