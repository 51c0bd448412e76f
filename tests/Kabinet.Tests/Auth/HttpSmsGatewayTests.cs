using System.Net;
using System.Text.Json;
using Kabinet.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kabinet.Tests.Auth;

/// <summary>The HTTP SMS gateway against a real local HTTP server.</summary>
[TestClass]
public sealed class HttpSmsGatewayTests
{
    private static HttpSmsGateway Gateway(SmsOptions options)
    {
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new HttpSmsGateway(clients, Options.Create(options), NullLogger<HttpSmsGateway>.Instance);
    }

    [TestMethod]
    public async Task Posts_the_rendered_body_with_the_key_header()
    {
        await using var server = await SmsTestServer.StartAsync();
        var gateway = Gateway(new SmsOptions { Endpoint = server.Endpoint + "?v=1", Sender = "Kabinet", ApiKey = "secret-key" });
        var text = "Код: \"12345\" \\ не сообщайте\nникому";

        await gateway.SendAsync("+79991234567", text, CancellationToken.None);

        var request = server.Requests.Single();
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual("/messaging/v1/SendSMS?v=1", request.PathAndQuery);
        Assert.AreEqual("Bearer secret-key", request.Headers["Authorization"]);
        StringAssert.StartsWith(request.ContentType, "application/json");
        StringAssert.Contains(request.ContentType, "utf-8");
        // The default template (MTS Exolve's shape), each value JSON-escaped: valid JSON with the exact values.
        using var body = JsonDocument.Parse(request.Body);
        Assert.AreEqual("Kabinet", body.RootElement.GetProperty("number").GetString());
        Assert.AreEqual("79991234567", body.RootElement.GetProperty("destination").GetString());
        Assert.AreEqual(text, body.RootElement.GetProperty("text").GetString());
        StringAssert.Contains(request.Body, "Код", "Cyrillic is sent as is, not as \\u escapes");
        Assert.AreEqual(3, body.RootElement.EnumerateObject().Count());
    }

    [TestMethod]
    public async Task A_custom_template_and_key_header_are_used()
    {
        await using var server = await SmsTestServer.StartAsync();
        var gateway = Gateway(new SmsOptions
        {
            Endpoint = server.Endpoint.ToString(), Sender = "SMS \"Info\"", ApiKey = "k1", ApiKeyHeader = "X-Api-Key", ApiKeyFormat = "{key}",
            BodyTemplate = """{"messages":[{"phone":"{to}","sender":"{sender}","text":"{text}","note":"{to} {text}"}]}""",
        });

        await gateway.SendAsync("+79991234567", "{to} «привет»", CancellationToken.None);

        var request = server.Requests.Single();
        Assert.AreEqual("k1", request.Headers["X-Api-Key"]);
        Assert.IsFalse(request.Headers.ContainsKey("Authorization"));
        var message = JsonDocument.Parse(request.Body).RootElement.GetProperty("messages")[0];
        Assert.AreEqual("+79991234567", message.GetProperty("phone").GetString());
        Assert.AreEqual("SMS \"Info\"", message.GetProperty("sender").GetString());
        // A value that looks like a placeholder is not replaced again.
        Assert.AreEqual("{to} «привет»", message.GetProperty("text").GetString());
        Assert.AreEqual("+79991234567 {to} «привет»", message.GetProperty("note").GetString());
    }

    [TestMethod]
    public async Task A_server_error_makes_the_send_throw_so_the_queue_retries()
    {
        await using var server = await SmsTestServer.StartAsync();
        server.Status = 500;
        var gateway = Gateway(new SmsOptions { Endpoint = server.Endpoint.ToString(), Sender = "Kabinet", ApiKey = "k" });

        var error = await Assert.ThrowsExactlyAsync<HttpRequestException>(() => gateway.SendAsync("+79991234567", "Код 12345", CancellationToken.None));

        Assert.AreEqual(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.IsFalse(error.Message.Contains("12345"), "the text never goes into the error");
        Assert.AreEqual(1, server.Requests.Count);
    }

    [TestMethod]
    public void Templates_are_checked_before_the_first_SMS()
    {
        Assert.IsTrue(new SmsOptions { Endpoint = "https://api.example.ru/send" }.TemplateIsValid);
        Assert.IsFalse(new SmsOptions { Endpoint = "https://api.example.ru/send", BodyTemplate = """{"to":{to}}""" }.TemplateIsValid, "a placeholder outside a string");
        Assert.IsFalse(new SmsOptions { Endpoint = "https://api.example.ru/send", BodyTemplate = "to={to}&text={text}" }.TemplateIsValid);
        Assert.IsFalse(new SmsOptions { Endpoint = "ftp://api.example.ru/send" }.EndpointIsValid);
        Assert.IsFalse(new SmsOptions { Endpoint = "/send" }.EndpointIsValid);
        Assert.IsTrue(new SmsOptions().EndpointIsValid, "no endpoint: SMS off, nothing to check");
    }
}
