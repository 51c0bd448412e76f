using Kabinet.Platform.Invocation;
using Microsoft.AspNetCore.Routing.Template;

namespace Kabinet.Platform.Errors;

/// <summary>
/// The catch-all HTTP function (route <c>{*rest}</c>): any /api path no other function serves.
/// Because a fallback outranks routing's own 405 and 415, it tells "no such path", "wrong method"
/// and "wrong content type" apart itself.
/// </summary>
public static class NotFoundFallback
{
    public static void MapNotFoundFallback(this WebApplication app)
    {
        var routes = new Lazy<(TemplateMatcher Matcher, IReadOnlyList<string> Methods)[]>(() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()), e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
            .ToArray());

        app.MapFallback("/api/{**rest}", (HttpContext http) =>
            {
                var matching = routes.Value.Where(r => r.Matcher.TryMatch(http.Request.Path, new RouteValueDictionary())).ToList();
                if (matching.Count == 0)
                    return Problems.Create(http, StatusCodes.Status404NotFound, "http.not_found");
                return matching.Any(r => r.Methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
                    ? Problems.Create(http, StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type")
                    : Problems.Create(http, StatusCodes.Status405MethodNotAllowed, "http.method_not_allowed");
            })
            .WithMetadata(new FunctionMetadata("NotFound", TriggerKind.Http))
            .ExcludeFromDescription();
    }
}
