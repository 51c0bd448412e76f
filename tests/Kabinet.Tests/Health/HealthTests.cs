using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Health;

[TestClass]
public sealed class HealthTests
{
    [TestMethod]
    public async Task Healthy_when_tables_blobs_and_queues_answer()
    {
        using var factory = new KabinetFactory();
        var response = await factory.CreateClient().GetAsync("/api/health");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("healthy", body.GetProperty("status").GetString());
        CollectionAssert.AreEquivalent(new[] { "tables", "blobs", "queues" },
            body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray());
    }

    [TestMethod]
    public async Task Unhealthy_names_the_service_that_did_not_answer()
    {
        // Tables on a port nobody listens on; blobs and queues on the real Azurite.
        var broken = string.Join(';', TestEnvironment.StorageConnectionString.Split(';')
            .Select(part => part.StartsWith("TableEndpoint=") ? "TableEndpoint=http://127.0.0.1:9/devstoreaccount1" : part));
        if (!broken.Contains("TableEndpoint=")) Assert.Inconclusive("needs an explicit connection string");
        using var factory = new KabinetFactory(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = broken });

        var response = await factory.CreateClient().GetAsync("/api/health");

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("health.storage_unavailable", body.GetProperty("code").GetString());
        CollectionAssert.AreEqual(new[] { "tables" }, body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()).ToArray());
    }
}
