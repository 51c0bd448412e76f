using Kabinet.Platform.Invocation;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Kabinet.Docs;

/// <summary>The OpenAPI document at /api/openapi/v1.json and its interactive page at /api/docs.</summary>
public static class ApiDocs
{
    public const string DocumentRoute = "/api/openapi/{documentName}.json";
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer(SchemaFixes.TransformAsync);
            o.AddOperationTransformer((operation, context, ct) =>
            {
                AddComponents(context.Document!);
                return StandardResponses.TransformAsync(operation, context, ct);
            });
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Kabinet API";
                doc.Info.Description = "Личный кабинет абонента: регистрация, лицевые счета, показания, начисления, оплата. " +
                    "Sign in with POST /api/auth/login and send the accessToken as Authorization: Bearer <token>. " +
                    "Every error is a Problem (application/problem+json) with a stable code.";
                // Relative to wherever the page is served: behind the Functions host the handler's own address means nothing.
                doc.Servers = [];
                AddComponents(doc);
                RequestSchemas.Apply(doc);
                Examples.Apply(doc);
                return Task.CompletedTask;
            });
        });

    /// <summary>The shared pieces operations refer to; added by the first operation that needs them.</summary>
    private static void AddComponents(OpenApiDocument document)
    {
        ProblemSchema.AddTo(document);
        if (document.Components?.SecuritySchemes?.ContainsKey(BearerScheme) != true)
            document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "The accessToken from POST /api/auth/login, /login/confirm, /register/confirm or /refresh.",
            });
    }

    /// <summary>On every operation (inline: every client generator reads it there).</summary>
    public static OpenApiParameter AcceptLanguage() => new()
    {
        Name = "Accept-Language", In = ParameterLocation.Header,
        Description = "ru (the default) or en: the language of error titles and details. Answers vary by it.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("ru")!] },
    };

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute).WithMetadata(new FunctionMetadata("OpenApi", TriggerKind.Http));
        app.MapScalarApiReference("/api/docs", o => o
                .WithTitle("Kabinet API")
                .WithOpenApiRoutePattern(DocumentRoute)
                .AddPreferredSecuritySchemes(BearerScheme))
            .WithMetadata(new FunctionMetadata("Docs", TriggerKind.Http));
    }
}
