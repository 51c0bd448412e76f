using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kabinet.Platform;
using Kabinet.Platform.Errors;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Kabinet.Tests.Platform;

/// <summary>The platform's error pipeline, composed as Program.cs composes it, around two sample endpoints.</summary>
[TestClass]
public sealed class ErrorResponseTests
{
    private sealed record Payment(long Amount, string Account);

    private static WebApplication _app = null!;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString;
        builder.AddPlatform();
        _app = builder.Build();
        _app.UsePlatform();
        _app.MapPost("/api/sample", (Payment p) => TypedResults.Ok(p));
        _app.MapGet("/api/boom", string () => throw new InvalidOperationException("secret internals at Kabinet.Sample"));
        _app.MapNotFoundFallback();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [ClassCleanup]
    public static async Task Stop() => await _app.DisposeAsync();

    [TestMethod]
    public async Task Valid_request_passes() =>
        Assert.AreEqual(HttpStatusCode.OK, (await _client.PostAsync("/api/sample", Api.JsonText("""{"amount":100,"account":"A-1"}"""))).StatusCode);

    [TestMethod]
    public async Task Malformed_json_is_400_with_a_code() =>
        await (await _client.PostAsync("/api/sample", Api.JsonText("""{"amount": 1,"""))).AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");

    [TestMethod]
    public async Task A_wrong_type_is_400_naming_the_field()
    {
        var body = await (await _client.PostAsync("/api/sample", Api.JsonText("""{"amount":"много","account":"A-1"}"""))).AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
        Assert.AreEqual("amount", body.GetProperty("field").GetString());
    }

    [TestMethod]
    public async Task A_number_too_big_for_kopecks_is_400() =>
        await (await _client.PostAsync("/api/sample", Api.JsonText("""{"amount":99999999999999999999999,"account":"A"}"""))).AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");

    [TestMethod]
    public async Task Wrong_content_type_is_415() =>
        await (await _client.PostAsync("/api/sample", new StringContent("amount=1", Encoding.UTF8, "text/plain"))).AssertProblem(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");

    [TestMethod]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var big = "{\"amount\":1,\"account\":\"" + new string('x', 1024 * 1024) + "\"}";
        await (await _client.PostAsync("/api/sample", Api.JsonText(big))).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [TestMethod]
    public async Task An_unknown_route_is_404_and_a_wrong_method_405()
    {
        await (await _client.GetAsync("/api/no/such/thing")).AssertProblem(HttpStatusCode.NotFound, "http.not_found");
        await (await _client.DeleteAsync("/api/sample")).AssertProblem(HttpStatusCode.MethodNotAllowed, "http.method_not_allowed");
    }

    [TestMethod]
    public async Task A_crash_is_500_without_internals_but_with_a_trace_id()
    {
        var response = await _client.GetAsync("/api/boom");
        var text = await response.Content.ReadAsStringAsync();
        var body = await response.AssertProblem(HttpStatusCode.InternalServerError, "server.error");

        Assert.IsFalse(text.Contains("secret internals"), text);
        Assert.IsFalse(text.Contains("InvalidOperationException"), text);
        Assert.IsFalse(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
    }

    [TestMethod]
    public async Task Detail_is_Russian_by_default_and_English_on_request()
    {
        var russian = await (await _client.GetAsync("/api/nope")).AssertProblem(HttpStatusCode.NotFound, "http.not_found");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/nope");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var english = await (await _client.SendAsync(request)).AssertProblem(HttpStatusCode.NotFound, "http.not_found");

        Assert.AreEqual(PlatformErrors.Catalog["http.not_found"].Ru, russian.GetProperty("detail").GetString());
        Assert.AreEqual("The resource was not found.", english.GetProperty("detail").GetString());
        StringAssert.Contains(russian.GetProperty("detail").GetString(), "не найден");
    }
}
