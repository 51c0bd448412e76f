using System.Net;
using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Platform;

/// <summary>What every error answer tells a person and a cache: a title in words, not the code; Vary on the language; 401s name the scheme.</summary>
[TestClass]
public sealed class ProblemShapeTests
{
    private static KabinetFactory _app = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => _app = new KabinetFactory();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path, string? language = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null) request.Headers.Add("Accept-Language", language);
        if (token is not null) request.Headers.Add("Authorization", "Bearer " + token);
        var response = await _app.CreateClient().SendAsync(request);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [TestMethod]
    public async Task The_title_is_a_sentence_in_the_asked_language_and_the_code_stays_for_programs()
    {
        var (ru, ruBody) = await GetAsync("/api/nope");
        var (en, enBody) = await GetAsync("/api/nope", "en");

        Assert.AreEqual(HttpStatusCode.NotFound, ru.StatusCode);
        Assert.AreEqual("http.not_found", ruBody.GetProperty("code").GetString());
        Assert.AreEqual("Не найдено.", ruBody.GetProperty("title").GetString());
        Assert.AreEqual("Not found.", enBody.GetProperty("title").GetString());
        Assert.AreNotEqual(ruBody.GetProperty("detail").GetString(), enBody.GetProperty("detail").GetString());
        CollectionAssert.Contains(ru.Headers.Vary.ToList(), "Accept-Language");
        CollectionAssert.Contains(en.Headers.Vary.ToList(), "Accept-Language");
    }

    [TestMethod]
    public async Task A_401_names_the_bearer_scheme_and_says_when_the_token_sent_was_refused()
    {
        var (none, noneBody) = await GetAsync("/api/profile");
        var (bad, _) = await GetAsync("/api/profile", token: "not-a-jwt");

        Assert.AreEqual(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.AreEqual("Bearer", none.Headers.WwwAuthenticate.Single().ToString());
        Assert.AreEqual("auth.unauthorized", noneBody.GetProperty("code").GetString());
        Assert.AreEqual(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.AreEqual("Bearer error=\"invalid_token\"", bad.Headers.WwwAuthenticate.Single().ToString());
    }
}
