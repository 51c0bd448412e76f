using Kabinet.Auth;
using Kabinet.Platform.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>
/// What every operation gets from its endpoint's metadata, so a new endpoint needs only its success type and its own errors:
/// the bearer requirement (401; 403 and a note for a role), 400 and 422 for a body, 404 for ids in the path, 422 for a list,
/// Idempotency-Key, If-Match/ETag, Accept-Language, Retry-After on 429, and the shared <c>Problem</c> schema on every error.
/// </summary>
public static class StandardResponses
{
    public static Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var document = context.Document!;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = context.Description.RelativePath ?? "";
        operation.Responses ??= [];
        operation.Parameters ??= [];

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocs.BearerScheme, document)] = [] }];
            AddProblem(operation, document, StatusCodes.Status401Unauthorized, "No valid access token (auth.unauthorized); the answer carries WWW-Authenticate.");
            // The app's policies are named after the role they require (AuthSetup: "operator").
            var roles = authorize.SelectMany(a => (a.Roles ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Append(a.Policy ?? "")).Where(r => r.Length > 0).Distinct().ToList();
            if (roles.Count > 0)
            {
                AddProblem(operation, document, StatusCodes.Status403Forbidden, $"The caller lacks the {string.Join(" or ", roles)} role.");
                var note = $"Needs the {string.Join(" or ", roles)} role.";
                operation.Description = string.IsNullOrEmpty(operation.Description) ? note : operation.Description + " " + note;
            }
        }
        if (operation.RequestBody is not null)
        {
            AddProblem(operation, document, StatusCodes.Status400BadRequest, "The body is not JSON of the right shape (request.malformed_json) or not valid text.");
            AddProblem(operation, document, StatusCodes.Status422UnprocessableEntity, "A field breaks a rule: errors[] names each one (request.validation_failed) or code names the rule.");
        }
        if (path.Contains('{'))
            AddProblem(operation, document, StatusCodes.Status404NotFound, "Nothing with that id for this caller; code names what is missing.");
        if (metadata.OfType<PagedMetadata>().Any())
            AddProblem(operation, document, StatusCodes.Status422UnprocessableEntity, "A bad limit or cursor (list.limit_invalid, list.cursor_invalid).");
        foreach (var status in metadata.OfType<ProblemStatusesMetadata>().SelectMany(m => m.Statuses))
            AddProblem(operation, document, status, null);

        if (metadata.OfType<IdempotentMetadata>().FirstOrDefault() is { } idempotent)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key", In = ParameterLocation.Header, Required = idempotent.Required,
                Description = (idempotent.Required ? "Required (else 400 request.idempotency_key_required), " : "Optional, ") + $"1–{IdempotencyRules.MaxKeyLength} characters (else 400 request.idempotency_key_invalid). A repeat with the same key and body gets the first answer with Idempotent-Replayed: true; " +
                    "another body with the key is 409 request.idempotency_key_reused, a repeat while the first runs 409 request.in_progress.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyRules.MaxKeyLength },
            });
            AddProblem(operation, document, StatusCodes.Status409Conflict, null);
            if (idempotent.Required) AddProblem(operation, document, StatusCodes.Status400BadRequest, null);
            foreach (var success in Successes(operation))
                AddHeader(success, "Idempotent-Replayed", "true when this is the stored answer to an earlier request with the same Idempotency-Key.", JsonSchemaType.Boolean);
        }
        if (metadata.OfType<ETagMetadata>().FirstOrDefault() is { } etag)
        {
            foreach (var success in Successes(operation))
                AddHeader(success, "ETag", "The resource's version; send it back as If-Match to change it only if nobody else did.", JsonSchemaType.String);
            if (etag.IfMatch)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Match", In = ParameterLocation.Header,
                    Description = "Optional: the ETag read before; a change made meanwhile makes this 412 and changes nothing.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                AddProblem(operation, document, StatusCodes.Status412PreconditionFailed, "Changed meanwhile: read it again and retry.");
            }
        }
        operation.Parameters.Add(ApiDocs.AcceptLanguage());
        foreach (var status in metadata.OfType<OmittedProblemsMetadata>().SelectMany(m => m.Statuses))
            operation.Responses.Remove(status.ToString(System.Globalization.CultureInfo.InvariantCulture));

        foreach (var (status, response) in operation.Responses)
        {
            if (!IsProblem(status) || response is not OpenApiResponse concrete) continue;
            // Whatever declared the error (ProducesProblem, typed results), its body is the one shape every error has.
            concrete.Content = ProblemContent(document);
            if (status == "429")
                AddHeader(concrete, "Retry-After", "Seconds to wait before trying again (also retryAfterSeconds in the body).", JsonSchemaType.Integer);
            if (status == "401")
                AddHeader(concrete, "WWW-Authenticate", "Bearer, with the error when a token was sent.", JsonSchemaType.String);
        }
        if (operation.Parameters.Count == 0) operation.Parameters = null;
        return Task.CompletedTask;
    }

    private static bool IsProblem(string status) => status.Length == 3 && status[0] is '4' or '5';

    private static IEnumerable<OpenApiResponse> Successes(OpenApiOperation operation) =>
        operation.Responses!.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>();

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument document) =>
        new() { ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema.Name, document) } };

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, int status, string? description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing))
        {
            if (description is not null && existing is OpenApiResponse known && !(known.Description ?? "").Contains(description, StringComparison.Ordinal))
                known.Description = string.IsNullOrEmpty(known.Description) || known.Description == ReasonPhrase(status) ? description : known.Description + " " + description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse { Description = description ?? ReasonPhrase(status), Content = ProblemContent(document) };
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }
}
