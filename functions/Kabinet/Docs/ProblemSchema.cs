using System.Text.Json.Nodes;
using Kabinet.Platform.Errors;
using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>
/// The one error shape (<see cref="Problems.Build"/>): RFC 9457 fields, the stable <c>code</c>, <c>traceId</c>, and for field
/// errors <c>errors[]</c> (<see cref="FieldError"/>) with <c>errorsTotal</c>/<c>errorsOmitted</c>. Other extensions
/// (<c>retryAfterSeconds</c>, <c>limit</c>, …) depend on the code.
/// </summary>
public static class ProblemSchema
{
    public const string Name = "Problem";
    public const string FieldErrorName = "FieldError";

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
    private static OpenApiSchema Whole(string description) => new() { Type = JsonSchemaType.Integer, Format = "int32", Description = description };

    public static void AddTo(OpenApiDocument document)
    {
        if (document.Components?.Schemas?.ContainsKey(Name) == true) return;
        document.AddComponent(FieldErrorName, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One bad field of the request.",
            Required = new HashSet<string> { "field", "code", "detail" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["field"] = Text("Where: a JSON path such as verification.amount or values.day, or a query parameter."),
                ["code"] = Text("The rule broken, stable (e.g. account.amount_invalid)."),
                ["detail"] = Text("The text for people, in the language of Accept-Language."),
                ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = "Values of the rule (e.g. min, max)." },
            },
        });
        document.AddComponent(Name, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every error answer (application/problem+json). Tell errors apart by code, never by title or detail.",
            Required = new HashSet<string> { "type", "title", "status", "code", "traceId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = Text("https://kabinet.example/problems/<code>."),
                ["title"] = Text("A sentence for the status, in the asked language."),
                ["status"] = Whole("The HTTP status."),
                ["detail"] = Text("What went wrong and what to do, in the asked language."),
                ["instance"] = Text("The request path."),
                ["code"] = Text("Stable machine code, e.g. auth.invalid_credentials, request.validation_failed."),
                ["traceId"] = Text("Quote it to support: it finds the request in the logs."),
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(FieldErrorName, document),
                    Description = $"On 422 request.validation_failed (and some other codes): every bad field, up to {Problems.MaxListedErrors}.",
                },
                ["errorsTotal"] = Whole("How many fields were bad in all."),
                ["errorsOmitted"] = Whole("How many of them errors[] leaves out."),
                ["retryAfterSeconds"] = Whole("On 429: the same as Retry-After."),
            },
            AdditionalProperties = new OpenApiSchema(),
            Examples = [new JsonObject
            {
                ["type"] = "https://kabinet.example/problems/request.validation_failed",
                ["title"] = "Проверьте введённые данные.",
                ["status"] = 422,
                ["detail"] = "Проверьте введённые данные.",
                ["instance"] = "/api/accounts",
                ["code"] = "request.validation_failed",
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["field"] = "verification.amount", ["code"] = "account.amount_invalid", ["detail"] = "Сумма платежа — положительное число копеек.",
                }),
                ["errorsTotal"] = 1,
                ["errorsOmitted"] = 0,
            }],
        });
    }
}
