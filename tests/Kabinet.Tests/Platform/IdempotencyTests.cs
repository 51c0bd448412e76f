using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Kabinet.Platform;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Readings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>
/// Idempotency-Key on a bare app that maps the platform, the middleware and endpoints whose side effect is a counter:
/// the same JSON written another way is the same request, and a request that failed after it started never runs again.
/// </summary>
[TestClass]
public sealed class IdempotencyTests
{
    private sealed record Thing(string Name, int[] Tags);

    private static readonly ConcurrentDictionary<string, int> Runs = new();
    private static readonly TestClock Clock = new();
    private static WebApplication _app = null!;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString;
        builder.Configuration["Storage:TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..10];
        builder.AddPlatform();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        _app = builder.Build();
        _app.UsePlatform(authenticate: a => a.Use((http, next) =>
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, http.Request.Headers["X-User"].ToString())], "test"));
            return next(http);
        }));
        _app.MapPost("/api/things/{id}", (string id, Thing thing) =>
            TypedResults.Created($"/api/things/{id}", new { id, thing.Name, runs = Runs.AddOrUpdate(id, 1, (_, n) => n + 1) })).Idempotent();
        _app.MapPost("/api/explode/{id}", string (string id) =>
        {
            Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
            throw new InvalidOperationException("after the side effect");
        }).Idempotent();
        _app.MapPost("/api/unavailable/{id}", (string id, HttpContext http) =>
        {
            Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Problems.Create(http, StatusCodes.Status503ServiceUnavailable, "service.unavailable");
        }).Idempotent();
        _app.MapPost("/api/big/{id}", (string id) =>
        {
            Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
            return TypedResults.Ok(new { id, filler = new string('x', 100_000) });
        }).Idempotent();
        _app.MapNotFoundFallback();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    [ClassCleanup]
    public static async Task Stop() => await _app.DisposeAsync();

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(string path, string json, string key, string user = "u1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-User", user);
        var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static string CodeOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;

    private static string NewId() => Guid.NewGuid().ToString("N");

    [TestMethod]
    public async Task The_same_json_in_another_key_order_and_whitespace_replays_the_first_answer()
    {
        var (id, key) = (NewId(), NewId());

        var first = await PostAsync($"/api/things/{id}", """{"name":"Иван","tags":[1,2]}""", key);
        var again = await PostAsync($"/api/things/{id}", "{ \"tags\" : [ 1, 2 ],\n  \"name\" : \"\\u0418\\u0432\\u0430\\u043d\" }", key);

        Assert.AreEqual(HttpStatusCode.Created, first.Status, first.Body);
        Assert.AreEqual(HttpStatusCode.Created, again.Status, again.Body);
        Assert.AreEqual("true", again.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.AreEqual(first.Body, again.Body);
        Assert.AreEqual(1, Runs[id]);
    }

    [TestMethod]
    public async Task Another_body_with_the_same_key_is_409()
    {
        var (id, key) = (NewId(), NewId());
        await PostAsync($"/api/things/{id}", """{"name":"a","tags":[1,2]}""", key);

        var other = await PostAsync($"/api/things/{id}", """{"name":"a","tags":[2,1]}""", key);

        Assert.AreEqual(HttpStatusCode.Conflict, other.Status);
        Assert.AreEqual("request.idempotency_key_reused", CodeOf(other.Body));
        Assert.AreEqual(1, Runs[id]);
    }

    [TestMethod]
    public async Task A_request_that_threw_after_its_side_effect_does_not_run_again_with_its_key()
    {
        var (id, key) = (NewId(), NewId());

        var first = await PostAsync($"/api/explode/{id}", "{}", key);
        var retry = await PostAsync($"/api/explode/{id}", "{}", key);

        Assert.AreEqual(HttpStatusCode.InternalServerError, first.Status);
        Assert.AreEqual(HttpStatusCode.Conflict, retry.Status, retry.Body);
        Assert.AreEqual("request.idempotency_key_failed", CodeOf(retry.Body));
        Assert.AreEqual(1, Runs[id], "the side effect happened once");
    }

    [TestMethod]
    public async Task A_5xx_answer_spends_the_key_too()
    {
        var (id, key) = (NewId(), NewId());

        var first = await PostAsync($"/api/unavailable/{id}", "{}", key);
        var retry = await PostAsync($"/api/unavailable/{id}", "{}", key);

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.AreEqual("request.idempotency_key_failed", CodeOf(retry.Body));
        Assert.AreEqual(1, Runs[id]);
    }

    [TestMethod]
    public async Task An_answer_that_cannot_be_kept_is_still_given_and_the_key_never_runs_again()
    {
        var (id, key) = (NewId(), NewId());

        var first = await PostAsync($"/api/big/{id}", "{}", key);
        var soon = await PostAsync($"/api/big/{id}", "{}", key);
        Clock.Now = DateTimeOffset.UtcNow + IdempotencyRules.PendingTimeout + TimeSpan.FromMinutes(1);
        var later = await PostAsync($"/api/big/{id}", "{}", key);
        Clock.Now = DateTimeOffset.UtcNow;

        Assert.AreEqual(HttpStatusCode.OK, first.Status);
        Assert.IsGreaterThan(100_000, first.Body.Length, "the client gets the real answer");
        Assert.AreEqual("request.in_progress", CodeOf(soon.Body));
        Assert.AreEqual("request.idempotency_key_failed", CodeOf(later.Body));
        Assert.AreEqual(1, Runs[id]);
    }

    [TestMethod]
    public async Task A_body_refused_while_binding_releases_the_key()
    {
        var (id, key) = (NewId(), NewId());

        var bad = await PostAsync($"/api/things/{id}", """{"name":""", key);
        var good = await PostAsync($"/api/things/{id}", """{"name":"a","tags":[]}""", key);

        Assert.AreEqual(HttpStatusCode.BadRequest, bad.Status);
        Assert.AreEqual(HttpStatusCode.Created, good.Status, good.Body);
        Assert.AreEqual(1, Runs[id]);
    }

    [TestMethod]
    public async Task Parallel_duplicates_run_once()
    {
        var (id, key) = (NewId(), NewId());

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostAsync($"/api/things/{id}", i % 2 == 0 ? """{"name":"a","tags":[1]}""" : """{ "tags":[1], "name":"a" }""", key)));

        Assert.AreEqual(1, Runs[id]);
        Assert.AreEqual(8, answers.Count(a => a.Status == HttpStatusCode.Created || (a.Status == HttpStatusCode.Conflict && CodeOf(a.Body) == "request.in_progress")));
    }

    [TestMethod]
    [DataRow("""{"a":1,"b":[true,null,"x"]}""", """ { "b" : [ true , null , "x" ] , "a" : 1 } """, true)]
    [DataRow("""{"a":{"y":1,"x":2}}""", """{"a":{"x":2,"y":1}}""", true)]
    [DataRow("""{"s":"\u00e9/"}""", """{"s":"é\/"}""", true)]
    [DataRow("""{"a":1}""", """{"a":1.0}""", false)]
    [DataRow("""[1,2]""", """[2,1]""", false)]
    public void The_canonical_form_ignores_key_order_and_whitespace_only(string a, string b, bool same)
    {
        var ca = IdempotencyRules.Canonical(Encoding.UTF8.GetBytes(a), "application/json; charset=utf-8");
        var cb = IdempotencyRules.Canonical(Encoding.UTF8.GetBytes(b), "application/json");

        Assert.AreEqual(same, ca.AsSpan().SequenceEqual(cb));
    }

    [TestMethod]
    public void A_body_that_is_not_json_is_compared_by_its_bytes()
    {
        var text = Encoding.UTF8.GetBytes(" {\"a\":1}");

        CollectionAssert.AreEqual(text, IdempotencyRules.Canonical(text, "text/plain"));
        CollectionAssert.AreEqual("{oops"u8.ToArray(), IdempotencyRules.Canonical("{oops"u8.ToArray(), "application/json"));
    }
}
