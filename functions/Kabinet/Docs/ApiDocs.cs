using Kabinet.Platform.Invocation;
using Scalar.AspNetCore;

namespace Kabinet.Docs;

/// <summary>The OpenAPI document at /api/openapi/v1.json and its interactive page at /api/docs.</summary>
public static class ApiDocs
{
    public const string DocumentRoute = "/api/openapi/{documentName}.json";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Kabinet API";
            doc.Info.Description = "Личный кабинет абонента: регистрация, лицевые счета, показания, начисления, оплата.";
            // Relative to wherever the page is served: behind the Functions host the handler's own address means nothing.
            doc.Servers = [];
            return Task.CompletedTask;
        }));

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute).WithMetadata(new FunctionMetadata("OpenApi", TriggerKind.Http));
        app.MapScalarApiReference("/api/docs", o => o
                .WithTitle("Kabinet API")
                .WithOpenApiRoutePattern(DocumentRoute))
            .WithMetadata(new FunctionMetadata("Docs", TriggerKind.Http));
    }
}
