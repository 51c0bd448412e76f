using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Json;
using Kabinet.Platform.Storage;
using Kabinet.Platform.Telemetry;
using Microsoft.AspNetCore.Http.Json;

namespace Kabinet.Platform;

/// <summary>What every feature stands on: storage, JSON, errors, telemetry. It knows no feature: features register into it.</summary>
public static class PlatformSetup
{
    public static void AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.AllowTrailingCommas = false;
            // A lone surrogate in any string or key → 400 request.malformed_json here, not a 500 wherever the text is used.
            o.SerializerOptions.Converters.Add(new ValidStringConverter());
            o.SerializerOptions.Converters.Add(new ValidJsonElementConverter());
        });
        // Binding failures (bad JSON, wrong types, wrong content type) throw, so the exception handler answers with a coded ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddErrors(PlatformErrors.Catalog).AddSingleton<ErrorMessages>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddPagingDocs();
        builder.AddClientInfo();
        builder.AddBrowserOrigins();
        builder.AddIdempotency();
    }

    /// <summary>
    /// The platform's middleware around the features': <paramref name="authenticate"/> (the app's authentication and
    /// authorization) runs after the error handling and before Idempotency-Key, whose keys are per user.
    /// </summary>
    public static void UsePlatform(this WebApplication app, Action<WebApplication>? authenticate = null)
    {
        // Every catalog is merged now, so two features giving one code different texts stop the start, not a request.
        app.Services.GetRequiredService<ErrorMessages>();
        // First: a preflight is answered here, and an error answer keeps its CORS headers.
        app.UseCors();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => context.HttpContext.Response.ContentLength is null && !context.HttpContext.Response.HasStarted
            ? Problems.Write(context.HttpContext, context.HttpContext.Response.StatusCode, CodeFor(context.HttpContext.Response.StatusCode))
            : Task.CompletedTask);
        app.UseBodySizeLimit();
        authenticate?.Invoke(app);
        app.UseIdempotency();
    }

    private static string CodeFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => "http.not_found",
        StatusCodes.Status405MethodNotAllowed => "http.method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "request.too_large",
        StatusCodes.Status415UnsupportedMediaType => "request.unsupported_media_type",
        StatusCodes.Status503ServiceUnavailable => "service.unavailable",
        >= 500 => "server.error",
        _ => "request.invalid",
    };
}
