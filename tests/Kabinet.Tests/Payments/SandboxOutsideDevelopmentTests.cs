using System.Net;
using System.Net.Http.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Payments;

/// <summary>
/// Anyone can succeed a sandbox payment from its page, so outside Development the sandbox is off unless a trial deployment
/// switches it on: no gateway means no new payments (503), and its page and callback are not there.
/// </summary>
[TestClass]
public sealed class SandboxOutsideDevelopmentTests
{
    private static readonly string SomeId = Guid.NewGuid().ToString("N");

    private static HttpRequestMessage GuestPayment() => new(HttpMethod.Post, "/api/payments/guest")
    {
        Content = JsonContent.Create(new { providerId = "p", accountNumber = "1", lastName = "Иванов", amount = 100, email = "guest@example.com", method = new { type = "card" } }),
        Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
    };

    [TestMethod]
    public async Task Production_without_a_gateway_takes_no_payment_and_serves_no_sandbox()
    {
        using var factory = new KabinetFactory(environment: "Production");
        using var client = factory.CreateClient();

        await (await client.SendAsync(GuestPayment())).AssertProblem(HttpStatusCode.ServiceUnavailable, "payment.unavailable");
        await (await client.GetAsync($"/api/payments/sandbox/{SomeId}")).AssertProblem(HttpStatusCode.NotFound, "payment.not_found");
        await (await client.PostAsJsonAsync($"/api/payments/sandbox/{SomeId}", new { outcome = "succeeded" })).AssertProblem(HttpStatusCode.NotFound, "payment.not_found");
        await (await client.PostAsync("/api/payments/gateways/sandbox/callback", new StringContent("{}"))).AssertProblem(HttpStatusCode.NotFound, "payment.gateway_not_found");
    }

    [TestMethod]
    public async Task A_trial_deployment_switches_the_sandbox_on()
    {
        using var factory = new KabinetFactory(new Dictionary<string, string?> { ["Payments:Sandbox:Enabled"] = "true" }, "Production");
        using var client = factory.CreateClient();

        // The gateway is there: the request reaches the account lookup (no such provider), and the callback checks signatures.
        await (await client.SendAsync(GuestPayment())).AssertProblem(HttpStatusCode.UnprocessableEntity, "payment.guest_not_matched");
        await (await client.PostAsync("/api/payments/gateways/sandbox/callback", new StringContent("{}"))).AssertProblem(HttpStatusCode.BadRequest, "payment.signature_invalid");
    }
}
