using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kabinet.Auth;
using Microsoft.Extensions.Options;

namespace Kabinet.Notifications;

/// <summary>
/// A messenger provider reached by one JSON POST per message (section <c>Messenger</c>), like the SMS one: a body template
/// with <c>{to}</c>, <c>{toDigits}</c> and <c>{text}</c> JSON-escaped, and an API key header. No endpoint: no provider.
/// </summary>
public sealed class MessengerOptions
{
    public const string Section = "Messenger";

    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string ApiKeyHeader { get; set; } = "Authorization";
    public string ApiKeyFormat { get; set; } = "Bearer {key}";
    public string BodyTemplate { get; set; } = """{"phone":"{to}","text":"{text}"}""";
    public int TimeoutSeconds { get; set; } = 15;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public bool IsValid =>
        !IsConfigured || Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && TemplateIsValid && TimeoutSeconds is > 0 and <= 120;

    private bool TemplateIsValid
    {
        get
        {
            try
            {
                using var _ = JsonDocument.Parse(SmsBody.Render(BodyTemplate, "+70000000000", "\"test\" \\ текст\n", ""));
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}

public sealed class HttpMessengerGateway(IHttpClientFactory clients, IOptions<MessengerOptions> options, ILogger<HttpMessengerGateway> log) : IMessengerGateway
{
    public const string ClientName = "messenger";

    public bool IsAvailable => true;

    public async Task SendAsync(string phone, string text, CancellationToken ct)
    {
        var o = options.Value;
        using var request = ProviderRequest.Create(o.Endpoint!, SmsBody.Render(o.BodyTemplate, phone, text, ""), o.ApiKey, o.ApiKeyHeader, o.ApiKeyFormat);
        using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
        var to = Identifiers.Mask(new LoginId(LoginKind.Phone, phone));
        if (!response.IsSuccessStatusCode)
        {
            log.LogWarning("Messenger provider refused the message to {Phone}: {Status}", to, (int)response.StatusCode);
            throw new HttpRequestException($"Messenger provider answered {(int)response.StatusCode}", null, response.StatusCode);
        }
        log.LogInformation("Messenger message to {Phone} handed to the provider ({Length} characters)", to, text.Length);
    }
}
