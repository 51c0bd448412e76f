using Microsoft.AspNetCore.Http.Features;

namespace Kabinet.Platform.Errors;

public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Refuses bodies over 1 MiB: by Content-Length up front, and through the server's own
    /// limit for chunked bodies (Kestrel raises a 413 BadHttpRequestException while reading).
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await Problems.Write(http, StatusCodes.Status413PayloadTooLarge, "request.too_large");
                return;
            }
            var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is { IsReadOnly: false }) limit.MaxRequestBodySize = MaxBodyBytes;
            await next(http);
        });
}
