namespace Kabinet.Platform.Hosting;

/// <summary>
/// Headers every answer carries, errors and 404s included (set just before the headers go out,
/// so whatever wrote the response is covered): <c>X-Content-Type-Options: nosniff</c>, and
/// <c>Cache-Control: no-store</c> unless the handler chose a cache policy itself — tokens and
/// personal data must not stay in a browser's or a proxy's cache. (No Server header: see HandlerHosting.)
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.CacheControl)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, http);
            return next(http);
        });
}
