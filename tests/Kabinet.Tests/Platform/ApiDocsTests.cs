using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

[TestClass]
public sealed class ApiDocsTests
{
    [TestMethod]
    public async Task The_openapi_document_lists_the_public_paths_and_the_page_serves()
    {
        using var factory = new KabinetFactory();
        var client = factory.CreateClient();

        var doc = await client.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        CollectionAssert.Contains(paths, "/api/health");
        Assert.IsFalse(paths.Any(p => p.Contains("SendEmail")), "invocation endpoints are not part of the public API");

        var page = await client.GetAsync("/api/docs/");
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        StringAssert.Contains(await page.Content.ReadAsStringAsync(), "openapi/v1.json");
    }
}
