using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kabinet.Platform;
using Kabinet.Platform.Errors;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Kabinet.Tests.Platform;

/// <summary>A ProblemException thrown deep in a service becomes its own coded ProblemDetails, not a 500.</summary>
[TestClass]
public sealed class ProblemExceptionTests
{
    [TestMethod]
    public async Task A_coded_exception_answers_with_its_status_code_and_texts()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString;
        builder.AddPlatform();
        builder.Services.AddErrors(new ErrorCatalog { ["sample.busy"] = ("Занято.", "Busy.") });
        await using var app = builder.Build();
        app.UsePlatform();
        app.MapGet("/api/busy", string () => throw new ProblemException(StatusCodes.Status409Conflict, "sample.busy",
            new Dictionary<string, object?> { ["resource"] = "r-1" }) { RetryAfter = TimeSpan.FromSeconds(2.2) });
        await app.StartAsync();
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await client.GetAsync("/api/busy");

        Assert.AreEqual(HttpStatusCode.Conflict, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("sample.busy", body.GetProperty("code").GetString());
        Assert.AreEqual("Busy.", body.GetProperty("detail").GetString());
        Assert.AreEqual("r-1", body.GetProperty("resource").GetString());
        Assert.AreEqual(409, body.GetProperty("status").GetInt32());
    }
}
