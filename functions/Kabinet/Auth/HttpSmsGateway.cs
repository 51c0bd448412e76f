using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>Sends each SMS as one POST to the provider configured in <see cref="SmsOptions"/>.</summary>
public sealed class HttpSmsGateway(IHttpClientFactory clients, IOptions<SmsOptions> options, ILogger<HttpSmsGateway> log) : ISmsGateway
{
    public const string ClientName = "sms";

    public bool IsAvailable => true;

    /// <summary>A non-2xx answer throws, so the queue message is retried (and kept as poison in the end).</summary>
    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var o = options.Value;
        using var request = ProviderRequest.Create(o.Endpoint!, SmsBody.Render(o.BodyTemplate, phone, text, o.Sender ?? ""), o.ApiKey, o.ApiKeyHeader, o.ApiKeyFormat);

        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        var to = Identifiers.Mask(new LoginId(LoginKind.Phone, phone));
        // Neither the text (it may hold a code) nor the provider's answer (it may echo it) is logged.
        if (!response.IsSuccessStatusCode)
        {
            log.LogWarning("SMS provider refused the SMS to {Phone}: {Status}", to, (int)response.StatusCode);
            throw new HttpRequestException($"SMS provider answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        log.LogInformation("SMS to {Phone} handed to the provider ({Length} characters)", to, text.Length);
    }
}

/// <summary>The POST of a JSON body with the API key in a header, as SMS and messenger providers take it.</summary>
public static class ProviderRequest
{
    public static HttpRequestMessage Create(string endpoint, string json, string? apiKey, string apiKeyHeader, string apiKeyFormat)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(apiKey) && !string.IsNullOrWhiteSpace(apiKeyHeader))
            request.Headers.TryAddWithoutValidation(apiKeyHeader, apiKeyFormat.Replace("{key}", apiKey, StringComparison.Ordinal));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}

/// <summary>Renders the provider's JSON body: each placeholder becomes its JSON-escaped value.</summary>
public static class SmsBody
{
    // Cyrillic stays readable (and short); quotes, backslashes and control characters are escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static string Render(string template, string phone, string text, string sender)
    {
        var values = new Dictionary<string, string>
        {
            ["{to}"] = phone,
            ["{toDigits}"] = phone.TrimStart('+'),
            ["{text}"] = text,
            ["{sender}"] = sender,
        };
        var body = new StringBuilder(template.Length + text.Length * 2);
        for (var i = 0; i < template.Length;)
        {
            // One pass, so a value that itself looks like a placeholder is never replaced again.
            var match = template[i] == '{' ? values.Keys.FirstOrDefault(k => string.CompareOrdinal(template, i, k, 0, k.Length) == 0) : null;
            if (match is null) { body.Append(template[i++]); continue; }
            body.Append(JsonEncodedText.Encode(values[match], Encoder).Value);
            i += match.Length;
        }
        return body.ToString();
    }
}
