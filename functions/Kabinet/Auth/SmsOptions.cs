using System.Text.Json;

namespace Kabinet.Auth;

/// <summary>
/// The HTTP SMS provider (section <c>Sms</c>). Shaped after the common Russian JSON APIs: one POST
/// of a JSON body with an API key in a header. The default body and header fit MTS Exolve
/// (POST https://api.exolve.ru/messaging/v1/SendSMS); other providers change the template and header.
/// No <see cref="Endpoint"/> means no provider: SMS go to the development table in Development
/// and are off everywhere else.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>The URL the body is POSTed to (absolute http or https).</summary>
    public string? Endpoint { get; set; }
    /// <summary>The sender name or number the provider registered for the account (<c>{sender}</c>).</summary>
    public string? Sender { get; set; }
    /// <summary>The API key; when empty no key header is sent.</summary>
    public string? ApiKey { get; set; }
    /// <summary>The header that carries the key.</summary>
    public string ApiKeyHeader { get; set; } = "Authorization";
    /// <summary>The header value; <c>{key}</c> is replaced by the key (e.g. <c>{key}</c> alone for an X-API-Key header).</summary>
    public string ApiKeyFormat { get; set; } = "Bearer {key}";
    /// <summary>
    /// The JSON body. Placeholders inside its strings are replaced by JSON-escaped values:
    /// <c>{to}</c> the phone in E.164 (+79991234567), <c>{toDigits}</c> the same without the plus,
    /// <c>{text}</c> the message, <c>{sender}</c> <see cref="Sender"/>.
    /// </summary>
    public string BodyTemplate { get; set; } = """{"number":"{sender}","destination":"{toDigits}","text":"{text}"}""";
    /// <summary>How long one provider call may take before it fails (and the queue retries).</summary>
    public int TimeoutSeconds { get; set; } = 15;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public bool EndpointIsValid => !IsConfigured
        || Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The template gives valid JSON for any values (checked at start-up, not at the first code).</summary>
    public bool TemplateIsValid
    {
        get
        {
            try
            {
                using var _ = JsonDocument.Parse(SmsBody.Render(BodyTemplate, "+70000000000", "\"test\" \\ текст\n", Sender ?? "sender"));
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
