using System.Net;
using System.Text;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Auth;

/// <summary>Odd input to the auth endpoints: always a coded 4xx (or success), never a 5xx.</summary>
[TestClass]
public sealed class RobustnessTests
{
    private static readonly string[] Endpoints =
    [
        "/api/auth/register", "/api/auth/register/confirm", "/api/auth/login", "/api/auth/login/confirm",
        "/api/auth/refresh", "/api/auth/password/reset", "/api/auth/password/reset/confirm",
    ];

    private static async Task<HttpResponseMessage> NoServerError(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode} {text}");
        if ((int)response.StatusCode >= 400)
            Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, $"{what}: {text}");
        return response;
    }

    [TestMethod]
    public async Task Malformed_json_wrong_types_and_empty_bodies_are_400()
    {
        using var app = new AuthApp();
        foreach (var path in Endpoints)
        {
            await (await NoServerError(await app.Client.PostAsync(path, Api.JsonText("{\"login\": ")), path + " malformed"))
                .AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
            await (await NoServerError(await app.Client.PostAsync(path, Api.JsonText("")), path + " empty")).AssertStatus(HttpStatusCode.BadRequest);
            var noBody = await NoServerError(await app.Client.PostAsync(path, null), path + " no body");
            Assert.IsTrue(noBody.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{path} no body: {noBody.StatusCode}");
            await NoServerError(await app.Client.PostAsync(path, Api.JsonText("[1,2,3]")), path + " array");
            await NoServerError(await app.Client.PostAsync(path, Api.JsonText("null")), path + " null");
            await NoServerError(await app.Client.PostAsync(path, new StringContent("login=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded")), path + " form");
        }

        var wrongType = await app.Client.PostAsync("/api/auth/register", Api.JsonText($"{{\"phone\":\"{TestUsers.NewPhone()}\",\"password\":123,\"acceptTerms\":true}}"));
        var body = await wrongType.AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
        Assert.AreEqual("password", body.GetProperty("field").GetString());
        await (await app.Client.PostAsync("/api/auth/login", Api.JsonText("{\"login\":[1],\"password\":{}}"))).AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
        await (await app.Client.PostAsync("/api/auth/register", Api.JsonText("{\"phone\":\"+79130000000\",\"password\":\"Passw0rdOk\",\"acceptTerms\":\"yes\"}")))
            .AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
        await (await app.Client.PostAsync("/api/auth/login/confirm", Api.JsonText("{\"challengeId\":\"x\",\"code\":12345,\"trustDevice\":true}")))
            .AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
    }

    [TestMethod]
    public async Task Unknown_fields_are_ignored()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();

        var response = await app.Client.PostAsync("/api/auth/register",
            Api.JsonText($"{{\"phone\":\"{phone}\",\"password\":\"{TestUsers.Password}\",\"acceptTerms\":true,\"role\":\"operator\",\"isAdmin\":true,\"extra\":{{\"a\":[1,2]}}}}"));

        var started = await response.AssertStatus(HttpStatusCode.Accepted);
        var code = await TestUsers.SmsCodeAsync(app.Client, phone);
        var tokens = await (await app.Client.PostAsync("/api/auth/register/confirm",
            Api.JsonText($"{{\"challengeId\":\"{started.GetProperty("challengeId").GetString()}\",\"code\":\"{code}\",\"role\":\"operator\"}}"))).AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual("customer", tokens.GetProperty("user").GetProperty("role").GetString(), "a client cannot make itself an operator");
        await (await app.Client.PostAsync("/api/auth/login",
            Api.JsonText($"{{\"login\":\"{phone}\",\"password\":\"{TestUsers.Password}\",\"whatever\":1}}"))).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task A_ten_megabyte_string_is_413()
    {
        using var app = new AuthApp();
        var huge = new string('a', 10 * 1024 * 1024);
        foreach (var path in new[] { "/api/auth/register", "/api/auth/login", "/api/auth/password/reset" })
        {
            var response = await app.Client.PostAsync(path, Api.JsonText($"{{\"login\":\"{huge}\",\"password\":\"{huge}\",\"phone\":\"{huge}\"}}"));
            await (await NoServerError(response, path)).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        }
    }

    [TestMethod]
    public async Task A_ten_megabyte_string_is_413_through_the_host_too()
    {
        using var client = await SharedKabinetHost.ClientAsync();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", AuthApp.NewAddress());
        var huge = new string('a', 10 * 1024 * 1024);

        var sized = await client.PostAsync("/api/auth/login", Api.JsonText($"{{\"login\":\"x\",\"password\":\"{huge}\"}}"));

        await (await NoServerError(sized, "with Content-Length")).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [TestMethod]
    public async Task A_ten_megabyte_chunked_string_is_413_through_the_host()
    {
        using var client = await SharedKabinetHost.ClientAsync();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", AuthApp.NewAddress());
        var huge = new string('a', 10 * 1024 * 1024);

        // Chunked: no Content-Length to refuse up front; the server's own limit applies while reading.
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = Api.JsonText($"{{\"login\":\"x\",\"password\":\"{huge}\"}}") };
        chunked.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(chunked);

        await (await NoServerError(response, "chunked")).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [TestMethod]
    public async Task Odd_logins_never_break_anything()
    {
        using var app = new AuthApp();
        var longEmail = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".ru"; // over 254 characters
        Assert.IsTrue(longEmail.Length >= 250);
        var email300 = new string('a', 60) + "@" + new string('b', 235) + ".com";
        Assert.AreEqual(300, email300.Length);
        string[] logins =
        [
            "😀😀😀", "+7 913 😀 12-34", "user😀@example.com", "\u0000\u0001\u0002", "+7913\u00001234567", "u\u0007@example.com",
            "\u202E79131234567", email300, longEmail, new string('9', 5000), "' OR 1=1 --", "<script>alert(1)</script>@x.ru",
            "@", "@@", "a@b", "..", "\t\n", "   ",
        ];
        foreach (var login in logins)
        {
            var client = app.NewClient(); // an address per login, so the per-address limit stays out of the way
            var signIn = await NoServerError(await client.Login(login, "Passw0rdOk"), "login " + Escape(login));
            Assert.AreEqual(HttpStatusCode.Unauthorized, signIn.StatusCode, "login " + Escape(login));
            await NoServerError(await app.Client.Post("/api/auth/register", new { phone = login, password = TestUsers.Password, acceptTerms = true }), "register phone " + Escape(login));
            var asEmail = await NoServerError(await app.Client.Post("/api/auth/register", new { email = login, password = TestUsers.Password, acceptTerms = true }), "register email " + Escape(login));
            Assert.IsTrue(asEmail.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Accepted, "register email " + Escape(login));
            await NoServerError(await client.Post("/api/auth/password/reset", new { login }), "reset " + Escape(login));
            await NoServerError(await client.Post("/api/auth/login", new { login = TestUsers.NewPhone(), password = login, deviceId = login }), "password/device " + Escape(login));
        }
        var tooLong = await app.Client.Post("/api/auth/register", new { email = email300, password = TestUsers.Password, acceptTerms = true });
        CollectionAssert.AreEqual(new[] { "auth.email_invalid" }, await tooLong.AssertValidation("email"));
    }

    [TestMethod]
    public async Task Odd_codes_and_challenge_ids_never_break_anything()
    {
        using var app = new AuthApp();
        var phone = TestUsers.NewPhone();
        var challengeId = await app.Client.StartRegistration(phone: phone);
        var failures = new List<string>();
        async Task Check(Task<HttpResponseMessage> call, string what)
        {
            var response = await call;
            if ((int)response.StatusCode >= 500) failures.Add($"{what}: {(int)response.StatusCode}");
        }

        string?[] codes = [null, "", " ", "😀", "1234567890123", "-1", "\u0000", new string('1', 100_000)];
        foreach (var code in codes)
            await Check(app.Client.Post("/api/auth/register/confirm", new { challengeId, code }), "register/confirm code " + Escape(code ?? "null"));
        string?[] ids = [null, "", "😀", "../../x", "a/b", "a\\b", "a#b", "a?b", "a'b", "\u0000", "\u0007x", new string('x', 1000), new string('x', 64)];
        foreach (var id in ids)
        {
            await Check(app.Client.Post("/api/auth/register/confirm", new { challengeId = id, code = "12345" }), "register/confirm id " + Escape(id ?? "null"));
            await Check(app.Client.Post("/api/auth/login/confirm", new { challengeId = id, code = "12345", trustDevice = true }), "login/confirm id " + Escape(id ?? "null"));
            await Check(app.Client.Post("/api/auth/password/reset/confirm", new { challengeId = id, code = "12345", newPassword = "NewPassw0rd" }), "reset/confirm id " + Escape(id ?? "null"));
        }
        foreach (var id in new[] { "%F0%9F%98%80", "a%5Cb", "a%23b", "a%3Fb", "..%2F..%2Fx", new string('x', 1000), "a'b" })
            await Check(app.Client.PostAsync($"/api/auth/challenges/{id}/resend", null), "resend id " + id[..Math.Min(20, id.Length)]);

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
    }

    [TestMethod]
    public async Task Characters_table_keys_forbid_never_break_anything()
    {
        using var app = new AuthApp();
        var failures = new List<string>();
        async Task Check(Task<HttpResponseMessage> call, string what)
        {
            var response = await call;
            if ((int)response.StatusCode >= 500) failures.Add($"{what}: {(int)response.StatusCode}");
        }

        // '/', '\\', '#' and '?' may not appear in Table storage keys; '/', '#' and '?' are legal in an e-mail's local part.
        foreach (var c in new[] { "/", "#", "?" })
        {
            var email = $"a{c}{Guid.NewGuid():N}@example.com";
            await Check(app.NewClient().Post("/api/auth/register", new { email, password = TestUsers.Password, acceptTerms = true }), $"register {email}");
            await Check(app.NewClient().Login(email, "Wrong1Password"), $"login {email}");
            await Check(app.NewClient().Post("/api/auth/password/reset", new { login = email }), $"reset {email}");
        }
        // The client address becomes a throttle key too.
        foreach (var address in new[] { "a/b", "a#b", "a?b", "a\\b" })
            await Check(app.NewClient(address).Login(TestUsers.NewPhone(), "Wrong1Password"), $"login from X-Forwarded-For {address}");

        Assert.AreEqual(0, failures.Count, string.Join("\n", failures));
    }

    private static string Escape(string s) =>
        string.Concat(s.Take(40).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
