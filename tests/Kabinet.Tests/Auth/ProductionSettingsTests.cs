using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Auth;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Auth;

/// <summary>
/// The app outside Development ("Staging" stands for any such environment): no development SMS
/// gateway or table, no development signing key, SMS only through a configured provider.
/// </summary>
[TestClass]
public sealed class ProductionSettingsTests
{
    private static KabinetFactory Staging(IDictionary<string, string?>? settings = null) => new(settings, environment: "Staging");

    private static Dictionary<string, string?> SmsSettings(SmsTestServer server) => new()
    {
        ["Sms:Endpoint"] = server.Endpoint.ToString(),
        ["Sms:Sender"] = "Kabinet",
        ["Sms:ApiKey"] = "provider-key",
    };

    private static object Registration(string? phone = null, string? email = null) =>
        new { phone, email, password = TestUsers.Password, acceptTerms = true };

    [TestMethod]
    public async Task Without_an_SMS_provider_phone_sign_up_is_refused_and_e_mail_works()
    {
        using var app = Staging();
        var client = app.CreateClient();

        var byPhone = await client.Post("/api/auth/register", Registration(phone: TestUsers.NewPhone()));
        var body = await byPhone.AssertProblem(HttpStatusCode.ServiceUnavailable, "sms.unavailable");
        StringAssert.Contains(body.GetProperty("detail").GetString(), "SMS");
        StringAssert.Contains(body.GetProperty("detail").GetString(), "электронной почты");
        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(Registration(phone: TestUsers.NewPhone())) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        var englishBody = await (await client.SendAsync(english)).AssertProblem(HttpStatusCode.ServiceUnavailable, "sms.unavailable");
        Assert.AreEqual("SMS cannot be sent at the moment. Use an e-mail address instead.", englishBody.GetProperty("detail").GetString());

        // A reset for a phone nobody has (a decoy challenge) answers as a real one would.
        await (await client.Post("/api/auth/password/reset", new { login = TestUsers.NewPhone() })).AssertProblem(HttpStatusCode.ServiceUnavailable, "sms.unavailable");

        await (await client.Post("/api/auth/register", Registration(email: TestUsers.NewEmail()))).AssertStatus(HttpStatusCode.Accepted);
        await (await client.Post("/api/auth/password/reset", new { login = TestUsers.NewEmail() })).AssertStatus(HttpStatusCode.Accepted);

        var health = await (await client.GetAsync("/api/health")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("healthy", health.GetProperty("status").GetString());
        Assert.AreEqual("not_configured", health.GetProperty("sms").GetString());
        Assert.AreEqual(HttpStatusCode.NotFound, (await client.GetAsync("/api/dev/sms?to=%2B79991234567")).StatusCode);
    }

    [TestMethod]
    public async Task Without_an_SMS_provider_the_second_factor_goes_to_a_confirmed_e_mail()
    {
        var prefix = TestEnvironment.UniqueName("t");
        using var app = Staging(new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix });
        var client = app.CreateClient(); // creates the tables
        var (phone, email) = (TestUsers.NewPhone(), TestUsers.NewEmail());
        var user = new UserEntity
        {
            PartitionKey = Guid.NewGuid().ToString("N"), PasswordHash = PasswordHasher.Hash(TestUsers.Password), CreatedAt = DateTimeOffset.UtcNow,
            Phone = phone, PhoneConfirmed = true, Email = email, EmailConfirmed = true, TwoFactor = true,
        };
        var service = new TableServiceClient(TestEnvironment.StorageConnectionString);
        await service.GetTableClient(prefix + "users").AddEntityAsync(user);
        foreach (var login in new[] { new LoginId(LoginKind.Phone, phone), new LoginId(LoginKind.Email, email) })
            await service.GetTableClient(prefix + "logins").AddEntityAsync(new LoginEntity { PartitionKey = login.Key, UserId = user.UserId });

        var started = await (await client.Login(phone, TestUsers.Password)).AssertStatus(HttpStatusCode.Accepted);

        Assert.AreEqual("email", started.GetProperty("channel").GetString(), "no SMS here: the code goes to the confirmed e-mail");
    }

    [TestMethod]
    public async Task Without_an_SMS_provider_a_resend_by_SMS_is_refused()
    {
        // The challenge starts where SMS worked (Development, same tables); the resend comes after the cooldown, in Staging.
        var prefix = TestEnvironment.UniqueName("t");
        var tables = new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix };
        using var dev = new KabinetFactory(tables);
        var challengeId = await dev.CreateClient().StartRegistration(phone: TestUsers.NewPhone());
        var clock = new TestClock(DateTimeOffset.UtcNow + AuthLimits.ResendCooldown + TimeSpan.FromSeconds(5));
        using var root = Staging(tables);
        using var staging = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));

        var resend = await staging.CreateClient().PostAsync($"/api/auth/challenges/{challengeId}/resend", null);

        await resend.AssertProblem(HttpStatusCode.ServiceUnavailable, "sms.unavailable");
    }

    [TestMethod]
    public async Task The_development_SMS_table_exists_only_in_Development()
    {
        var service = new TableServiceClient(TestEnvironment.StorageConnectionString);
        async Task<bool> Exists(string name) => await service.QueryAsync(t => t.Name == name).AnyAsync();

        var stagingPrefix = TestEnvironment.UniqueName("t");
        using (var staging = Staging(new Dictionary<string, string?> { ["Storage:TablePrefix"] = stagingPrefix }))
            await (await staging.CreateClient().GetAsync("/api/health")).AssertStatus(HttpStatusCode.OK);
        var devPrefix = TestEnvironment.UniqueName("t");
        using (var dev = new KabinetFactory(new Dictionary<string, string?> { ["Storage:TablePrefix"] = devPrefix }))
            await (await dev.CreateClient().GetAsync("/api/health")).AssertStatus(HttpStatusCode.OK);

        Assert.IsTrue(await Exists(stagingPrefix + "users"), "the auth tables are created");
        Assert.IsFalse(await Exists(stagingPrefix + "devsms"), "no development SMS table outside Development");
        Assert.IsTrue(await Exists(devPrefix + "devsms"));
    }

    [TestMethod]
    public void The_development_signing_key_is_refused_outside_Development()
    {
        foreach (var environment in new[] { "Staging", "Production", "Test" })
        {
            var error = StartFailure.Of(() => new KabinetFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey }, environment));
            StringAssert.Contains(error.ToString(), "Auth:SigningKey is the development key", environment);
        }
        using var development = new KabinetFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = AuthOptions.DevelopmentSigningKey });
        development.CreateClient(); // starts
    }

    [TestMethod]
    public async Task With_an_SMS_provider_the_code_goes_to_it()
    {
        await using var server = await SmsTestServer.StartAsync();
        using var app = Staging(SmsSettings(server));
        var client = app.CreateClient();
        var health = await (await client.GetAsync("/api/health")).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("http", health.GetProperty("sms").GetString());
        var phone = TestUsers.NewPhone();

        var challengeId = await client.StartRegistration(phone: phone);

        // The queued message is worked by the test run's shared host (Development: it lands in devsms);
        // the same message is handed to this app's SendCode function as the Functions host would.
        using var dev = new KabinetFactory();
        var code = await TestUsers.SmsCodeAsync(dev.CreateClient(), phone);
        var message = new CodeMessage(CodeMessage.Sms, phone, CodePurposes.Register, code);
        var invoked = await client.PostAsJsonAsync("/SendCode", QueueInvocation("SendCode", message));
        await invoked.AssertStatus(HttpStatusCode.OK);

        var request = await server.WaitForAsync();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual("Bearer provider-key", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual(phone.TrimStart('+'), body.RootElement.GetProperty("destination").GetString());
        Assert.AreEqual(message.Compose().Text, body.RootElement.GetProperty("text").GetString());
        StringAssert.Contains(body.RootElement.GetProperty("text").GetString(), code);
        await (await client.Post("/api/auth/register/confirm", new { challengeId, code })).AssertStatus(HttpStatusCode.Created);

        // A provider that fails makes the function fail: the host retries the message.
        server.Status = 502;
        var failed = await client.PostAsJsonAsync("/SendCode", QueueInvocation("SendCode", message));
        Assert.IsFalse(failed.IsSuccessStatusCode, $"{(int)failed.StatusCode}");
        await server.WaitForAsync(2);
    }

    [TestMethod]
    public async Task Without_an_SMS_provider_a_queued_SMS_fails_and_is_kept_for_retry()
    {
        using var app = Staging();
        var client = app.CreateClient();

        var sms = await client.PostAsJsonAsync("/SendCode", QueueInvocation("SendCode", new CodeMessage(CodeMessage.Sms, TestUsers.NewPhone(), CodePurposes.Register, "12345")));
        var email = await client.PostAsJsonAsync("/SendCode", QueueInvocation("SendCode", new CodeMessage(CodeMessage.Email, TestUsers.NewEmail(), CodePurposes.Register, "12345")));

        Assert.IsFalse(sms.IsSuccessStatusCode, $"{(int)sms.StatusCode}");
        await email.AssertStatus(HttpStatusCode.OK);
    }

    /// <summary>The payload the Functions host posts for a queue trigger (see Fixtures/queue-invocation.json).</summary>
    private static object QueueInvocation(string function, object message) => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object> { ["message"] = JsonSerializer.Serialize(message, new JsonSerializerOptions(JsonSerializerDefaults.Web)) },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["DequeueCount"] = 1,
            ["Id"] = Guid.NewGuid().ToString(),
            ["InsertionTime"] = DateTimeOffset.UtcNow,
            ["ExpirationTime"] = DateTimeOffset.UtcNow.AddDays(7),
            ["NextVisibleTime"] = DateTimeOffset.UtcNow.AddMinutes(10),
            ["PopReceipt"] = "AgAAAAMAAAAAAAAAqX1n2tdc2wE=",
            ["sys"] = new Dictionary<string, object> { ["MethodName"] = function, ["UtcNow"] = DateTimeOffset.UtcNow, ["RandGuid"] = Guid.NewGuid().ToString() },
        },
    };
}
