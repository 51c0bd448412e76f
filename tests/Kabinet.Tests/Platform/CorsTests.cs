using System.Net;
using Kabinet.Platform.Hosting;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

/// <summary>
/// Browser front ends: the origins of <c>Cors:AllowedOrigins</c> (in Development, the usual local dev servers; elsewhere
/// none unless set) get preflights answered and may read answers, errors included; any other origin gets nothing.
/// </summary>
[TestClass]
public sealed class CorsTests
{
    private static KabinetFactory _development = null!;
    private static KabinetFactory _production = null!;
    private static KabinetFactory _configured = null!;

    [ClassInitialize]
    public static void Start(TestContext _)
    {
        _development = new KabinetFactory();
        _production = new KabinetFactory(environment: "Production");
        _configured = new KabinetFactory(new Dictionary<string, string?> { [BrowserOrigins.Setting] = "https://lk.example.ru, https://admin.example.ru" },
            "Production");
    }

    [ClassCleanup]
    public static void Stop()
    {
        _development.Dispose();
        _production.Dispose();
        _configured.Dispose();
    }

    private static Task<HttpResponseMessage> PreflightAsync(KabinetFactory app, string origin, string path = "/api/accounts", string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        return app.CreateClient().SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [TestMethod]
    public async Task A_local_dev_server_gets_its_preflight_answered_in_Development()
    {
        using var response = await PreflightAsync(_development, "http://localhost:5173");

        Assert.AreEqual(HttpStatusCode.NoContent, response.StatusCode);
        Assert.AreEqual("http://localhost:5173", Header(response, "Access-Control-Allow-Origin"));
        StringAssert.Contains(Header(response, "Access-Control-Allow-Methods"), "POST");
        var headers = Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant();
        foreach (var header in new[] { "authorization", "content-type", "idempotency-key" }) StringAssert.Contains(headers, header);
        Assert.AreEqual("600", Header(response, "Access-Control-Max-Age"));
        Assert.IsNull(Header(response, "Access-Control-Allow-Credentials"), "tokens go in a header, never cookies");
    }

    [TestMethod]
    public async Task Another_origin_gets_no_CORS_headers_and_a_preflight_for_it_grants_nothing()
    {
        using var preflight = await PreflightAsync(_development, "https://evil.example");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Add("Origin", "https://evil.example");
        using var actual = await _development.CreateClient().SendAsync(request);

        Assert.IsNull(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.IsNull(Header(preflight, "Access-Control-Allow-Methods"));
        Assert.IsNull(Header(actual, "Access-Control-Allow-Origin"));
    }

    [TestMethod]
    public async Task An_allowed_origin_may_read_answers_errors_included_and_their_headers()
    {
        var ok = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        ok.Headers.Add("Origin", "http://localhost:3000");
        var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        unauthorized.Headers.Add("Origin", "http://localhost:3000");
        var client = _development.CreateClient();

        using var health = await client.SendAsync(ok);
        using var error = await client.SendAsync(unauthorized);

        Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);
        Assert.AreEqual("http://localhost:3000", Header(health, "Access-Control-Allow-Origin"));
        var exposed = Header(health, "Access-Control-Expose-Headers")!.ToLowerInvariant();
        foreach (var header in new[] { "etag", "location", "retry-after", "idempotent-replayed" }) StringAssert.Contains(exposed, header);
        Assert.AreEqual(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.AreEqual("http://localhost:3000", Header(error, "Access-Control-Allow-Origin"), "a front end must be able to read the ProblemDetails");
    }

    [TestMethod]
    public async Task Production_allows_no_origin_unless_one_is_set()
    {
        using var none = await PreflightAsync(_production, "http://localhost:5173");
        using var listed = await PreflightAsync(_configured, "https://admin.example.ru", "/api/profile", "PATCH");
        using var unlisted = await PreflightAsync(_configured, "http://localhost:5173");

        Assert.IsNull(Header(none, "Access-Control-Allow-Origin"), "no dev-server origin outside Development");
        Assert.AreEqual("https://admin.example.ru", Header(listed, "Access-Control-Allow-Origin"));
        StringAssert.Contains(Header(listed, "Access-Control-Allow-Methods"), "PATCH");
        Assert.IsNull(Header(unlisted, "Access-Control-Allow-Origin"));
    }

    [TestMethod]
    public void A_setting_that_is_not_an_origin_stops_the_start()
    {
        var error = StartFailure.Of(() => new KabinetFactory(new Dictionary<string, string?> { [BrowserOrigins.Setting] = "https://lk.example.ru/app" }));

        StringAssert.Contains(error.ToString(), "Cors:AllowedOrigins");
    }

    [TestMethod]
    [DataRow("https://lk.example.ru", true)]
    [DataRow("http://localhost:5173", true)]
    [DataRow("https://LK.example.ru/", true)]
    [DataRow("https://lk.example.ru/app", false)]
    [DataRow("lk.example.ru", false)]
    [DataRow("ftp://lk.example.ru", false)]
    [DataRow("https://user@lk.example.ru", false)]
    [DataRow("*", false)]
    public void Origins_are_scheme_host_and_port_only(string origin, bool valid) =>
        Assert.AreEqual(valid, BrowserOrigins.IsOrigin(origin), origin);
}
