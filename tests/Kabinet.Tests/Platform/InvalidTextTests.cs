using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kabinet.Platform.Json;
using Kabinet.Tests.Infrastructure;
using Kabinet.Tests.Operators;
using Kabinet.Tests.Readings;

namespace Kabinet.Tests.Platform;

/// <summary>
/// A lone surrogate written as a JSON escape ("\ud800") is a string .NET cannot read as text: it was a 500 wherever the
/// string was used. Every such body is refused at the edge with 400 request.malformed_json (I-JSON forbids unpaired surrogates).
/// </summary>
[TestClass]
public sealed class InvalidTextTests
{
    private static readonly TestClock Clock = new() { Now = new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero) };
    private static TestUser _user = null!;
    private static readonly TestApp App = new(clock: Clock);
    private static HttpClient _client => App.Client;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _user = await App.MintAsync();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    private static Task AssertInvalidText(HttpResponseMessage response) => response.AssertProblem(HttpStatusCode.BadRequest, ValidText.Code);

    [TestMethod]
    public void Only_paired_surrogates_are_valid()
    {
        Assert.IsFalse(ValidText.IsValid("\ud800"));
        Assert.IsFalse(ValidText.IsValid("\udfff\ud800x"));
        Assert.IsFalse(ValidText.IsValid("ok\ud83d"));
        Assert.IsTrue(ValidText.IsValid("a\ud83d\ude00b"));
        Assert.IsTrue(ValidText.IsValid(""));
    }

    [TestMethod]
    [DataRow("""{"values":{"T1":"\ud800"}}""")]
    [DataRow("""{"values":{"T1":"\udfff\ud800x"}}""")]
    [DataRow("""{"values":{"\ud800":1}}""")]
    [DataRow("""{"values":{"T1":1,"x\udfff":1}}""")]
    public async Task A_reading_value_or_zone_key_with_a_lone_surrogate_is_400(string body)
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);

        var r = await _client.SendAsync(_user, HttpMethod.Post, $"/api/accounts/{accountId}/meters/{serial}/readings", Api.JsonText(body));

        Assert.AreEqual(HttpStatusCode.BadRequest, r.Status, r.Describe());
        Assert.AreEqual(ValidText.Code, r.Code);
    }

    [TestMethod]
    public async Task A_profile_name_with_a_lone_surrogate_is_400()
    {
        using var request = _user.Request(HttpMethod.Patch, "/api/profile");
        request.Content = Api.JsonText("""{"lastName":"\udfff\ud800x","firstName":"Иван"}""");

        await AssertInvalidText(await _client.SendAsync(request));
    }

    [TestMethod]
    public async Task A_register_email_with_a_lone_surrogate_is_400() =>
        await AssertInvalidText(await _client.PostAsync("/api/auth/register",
            Api.JsonText("""{"email":"iv\ud800@example.com","password":"Passw0rdOk","acceptTerms":true,"marketingOptIn":false}""")));

    [TestMethod]
    [DataRow("""{"kind":"\ud800","rows":[]}""")]
    [DataRow("""{"kind":"accounts","rows":[{"number":"\udfff\ud800x"}]}""")]
    [DataRow("""{"kind":"\ud800","blob":"imports/x.csv"}""")]
    public async Task An_import_with_a_lone_surrogate_is_400(string body)
    {
        using var app = await ImportApp.StartAsync();

        await AssertInvalidText(await app.Client.PostAsync("/api/operator/imports", Api.JsonText(body)));
    }

    [TestMethod]
    public async Task Percent_encoded_surrogates_in_a_query_decode_to_replacement_characters_not_500()
    {
        // %ED%A0%80 is the CESU-8 form of U+D800: .NET's URL decoding does not make a lone surrogate of it.
        var response = await _client.GetAsync("/api/dev/sms?to=%ED%A0%80");

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public void The_app_serializer_refuses_a_lone_surrogate_in_strings_and_keys()
    {
        var options = new JsonSerializerOptions { Converters = { new ValidStringConverter(), new ValidJsonElementConverter() } };

        Assert.ThrowsExactly<InvalidTextException>(() => JsonSerializer.Deserialize<string>("\"\\ud800\"", options));
        Assert.ThrowsExactly<InvalidTextException>(() => JsonSerializer.Deserialize<Dictionary<string, string>>("{\"a\":\"\\ud800\"}", options));
        // A key is refused by the serializer itself, before any converter: a JsonException all the same, so a 400.
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, int>>("{\"\\ud800\":1}", options));
        Assert.ThrowsExactly<InvalidTextException>(() => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("{\"a\":[\"\\udc00\"]}", options));
        Assert.AreEqual("a😀", JsonSerializer.Deserialize<string>("\"a\\ud83d\\ude00\"", options));
    }
}
