using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// How tests send requests and read answers. Either as a <see cref="Reply"/> (<see cref="SendAsync"/>, <see cref="ReadAsync"/>)
/// or by asserting on the response (<see cref="AssertStatus"/>, <see cref="AssertProblem"/>, <see cref="AssertValidation"/>).
/// </summary>
public static class Api
{
    /// <summary>Sends <paramref name="body"/> (JSON, or as is when it is HttpContent) as <paramref name="user"/> (none: anonymous).</summary>
    public static async Task<Reply> SendAsync(this HttpClient client, TestUser? user, HttpMethod method, string path, object? body = null,
        Action<HttpRequestMessage>? configure = null, string? idempotencyKey = null)
    {
        using var request = user is null ? new HttpRequestMessage(method, path) : user.Request(method, path);
        if (body is not null) request.Content = body as HttpContent ?? JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        configure?.Invoke(request);
        return await (await client.SendAsync(request)).ReadAsync();
    }

    public static async Task<Reply> ReadAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        if (text.Length > 0)
        {
            try { body = JsonSerializer.Deserialize<JsonElement>(text); }
            catch (JsonException) { body = JsonSerializer.SerializeToElement(text); }
        }
        return new Reply(response.StatusCode, body, response);
    }

    /// <summary>JSON text as it is (malformed, odd spacing, escapes) as a request body.</summary>
    public static StringContent JsonText(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    /// <summary>The body as JSON (default when empty).</summary>
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string path, string accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    /// <summary>Asserts a ProblemDetails with that status and code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, text);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.AreEqual(code, body.GetProperty("code").GetString(), text);
        Assert.AreEqual((int)status, body.GetProperty("status").GetInt32(), text);
        return body;
    }

    /// <summary>Asserts the status; returns the body as JSON (default when empty).</summary>
    public static async Task<JsonElement> AssertStatus(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(status, response.StatusCode, text);
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The field error codes of a 422 request.validation_failed, in order.</summary>
    public static async Task<string[]> AssertValidation(this HttpResponseMessage response, string? field = null)
    {
        var body = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "request.validation_failed");
        return body.GetProperty("errors").EnumerateArray()
            .Where(e => field is null || e.GetProperty("field").GetString() == field)
            .Select(e => e.GetProperty("code").GetString()!).ToArray();
    }

    /// <summary>Property names of an object, sorted: "the same shape".</summary>
    public static string Shape(JsonElement body) =>
        string.Join(",", body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").Order());
}
