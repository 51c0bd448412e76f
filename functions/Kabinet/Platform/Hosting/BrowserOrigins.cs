using Microsoft.Net.Http.Headers;

namespace Kabinet.Platform.Hosting;

/// <summary>
/// Which web front ends may call the API from a browser (CORS). <c>Cors:AllowedOrigins</c>: origins such as
/// <c>https://lk.example.ru</c>, comma-separated in one setting (<c>Cors__AllowedOrigins</c>) or as a list. None by
/// default outside Development; in Development the usual local dev-server origins. Tokens travel in the Authorization
/// header, never in cookies, so credentials are not allowed and no origin gets more than the API gives anyone.
/// </summary>
public static class BrowserOrigins
{
    public const string Setting = "Cors:AllowedOrigins";

    /// <summary>Vite, Create React App / Next.js, Angular, Vue CLI and plain static servers, on localhost and 127.0.0.1.</summary>
    public static readonly string[] Development = [.. new[] { 5173, 3000, 4200, 8080, 8000 }
        .SelectMany(port => new[] { $"http://localhost:{port}", $"http://127.0.0.1:{port}" })];

    /// <summary>What browsers may send besides the simple headers, and what scripts may read of an answer.</summary>
    public static readonly string[] RequestHeaders =
        [HeaderNames.Authorization, HeaderNames.ContentType, HeaderNames.AcceptLanguage, HeaderNames.IfMatch, "Idempotency-Key"];
    public static readonly string[] ResponseHeaders =
        [HeaderNames.ETag, HeaderNames.Location, HeaderNames.RetryAfter, HeaderNames.WWWAuthenticate, "Idempotent-Replayed"];

    public static void AddBrowserOrigins(this WebApplicationBuilder builder)
    {
        var origins = Configured(builder.Configuration) ?? (builder.Environment.IsDevelopment() ? Development : []);
        if (origins.FirstOrDefault(o => !IsOrigin(o)) is { } bad)
            throw new InvalidOperationException($"{Setting}: '{bad}' is not an origin (scheme://host[:port], http or https, no path)");
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
            .WithHeaders(RequestHeaders).WithExposedHeaders(ResponseHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }

    /// <summary>The origins set, or null when the setting is absent (an empty value means none).</summary>
    public static string[]? Configured(IConfiguration config)
    {
        var section = config.GetSection(Setting);
        if (section.Value is { } text) return text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var listed = section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToArray();
        return listed.Length > 0 ? listed : null;
    }

    public static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && string.Equals(origin.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(uri.UserInfo);
}
