using System.Text.Json.Nodes;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Operators;
using Kabinet.Profile;
using Kabinet.Readings;
using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>
/// Request bodies as a client should send them. The records bind every field as optional and the handlers answer 422 for
/// what is missing, so only the fields a handler insists on are required (<see cref="Required"/>); a request field is never
/// null (absent means "not given"); the proofs of POST /accounts are a oneOf on <c>method</c>; reading values are numbers by
/// zone; the import bodies (docs/imports.md) are spelled out from the import layouts.
/// </summary>
public static class RequestSchemas
{
    /// <summary>Request schema → the fields its handler refuses to go without. Every other request field is optional.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Required = new Dictionary<string, string[]>
    {
        [nameof(RegisterRequest)] = ["password", "acceptTerms"],
        [nameof(ConfirmRequest)] = ["challengeId", "code"],
        [nameof(LoginRequest)] = ["login", "password"],
        [nameof(LoginConfirmRequest)] = ["challengeId", "code"],
        [nameof(RefreshRequest)] = ["refreshToken"],
        [nameof(ResetRequest)] = ["login"],
        [nameof(ResetConfirmRequest)] = ["challengeId", "code", "newPassword"],
        [nameof(LinkRequest)] = ["providerId", "number", "verification"],
        [nameof(GroupRequest)] = ["name"],
        [nameof(PasswordChange)] = ["currentPassword", "newPassword"],
        [nameof(TwoFactorChange)] = ["enabled"],
        [nameof(EmailChange)] = ["email"],
        [nameof(PhoneChange)] = ["phone"],
        [nameof(ReadingRequest)] = ["values"],
    };

    public const string ImportBody = "ImportRequest";

    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null) return;
        AddProofs(document);
        AddImportBody(document);
        foreach (var name in RequestComponents(document))
        {
            if (schemas[name] is not OpenApiSchema schema) continue;
            var wanted = Required.GetValueOrDefault(name, []);
            schema.Required = schema.Properties is null ? null : new HashSet<string>(wanted.Where(schema.Properties.ContainsKey));
            if (schema.Required?.Count == 0) schema.Required = null;
            foreach (var (_, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
                if (property is OpenApiSchema p) NotNull(p);
            if (schema.Properties is not null)
                foreach (var key in schema.Properties.Keys.ToList())
                    if (schema.Properties[key] is OpenApiSchema { OneOf.Count: 2 } choice && choice.OneOf.FirstOrDefault(o => o is not OpenApiSchema { Type: JsonSchemaType.Null }) is OpenApiSchemaReference only
                        && choice.OneOf.Any(o => o is OpenApiSchema { Type: JsonSchemaType.Null }))
                        schema.Properties[key] = only;
        }
        if (schemas.TryGetValue(nameof(LinkRequest), out var link) && link is OpenApiSchema linkSchema && linkSchema.Properties is { } linkProperties)
            linkProperties["verification"] = Proof(document);
        if (schemas.TryGetValue(nameof(ReadingRequest), out var reading) && reading is OpenApiSchema readingSchema && readingSchema.Properties is { } readingProperties)
            readingProperties["values"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object, MinProperties = 1,
                Description = "One reading per zone of the meter (its zones: GET /api/accounts/{id}/meters), a number within the meter's digits and fractionDigits; a numeric string is read too.",
                PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ClosedSets.Zones.Select(z => (JsonNode)JsonValue.Create(z)!).ToList() },
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = "0" },
            };
        // Replaced by the proofs: nothing refers to it any more.
        schemas.Remove(nameof(VerificationRequest));
        schemas.Remove("ProblemDetails");
        schemas.Remove("HttpValidationProblemDetails");
    }

    private static void NotNull(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type != JsonSchemaType.Null) schema.Type = type & ~JsonSchemaType.Null;
    }

    /// <summary>The components request bodies use, with the components they use in turn.</summary>
    private static HashSet<string> RequestComponents(OpenApiDocument document)
    {
        var found = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>();
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                if (media.Schema is not null) pending.Push(media.Schema);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (schema is OpenApiSchemaReference reference)
            {
                var id = reference.Reference.Id;
                if (id is null || !found.Add(id) || document.Components?.Schemas is not { } all || !all.TryGetValue(id, out var target)) continue;
                schema = target;
            }
            foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
                pending.Push(child);
            if (schema.Items is not null) pending.Push(schema.Items);
            if (schema.AdditionalProperties is not null) pending.Push(schema.AdditionalProperties);
        }
        return found;
    }

    private static readonly (string Method, string Name, string Description, string[] Fields)[] Proofs =
    [
        (ProofMethods.LastPayment, "LastPaymentProof", "The date and amount of the last payment to the account.", ["date", "amount"]),
        (ProofMethods.MeterSerial, "MeterSerialProof", "The serial number of one of the account's active meters.", ["serial"]),
        (ProofMethods.LastBill, "LastBillProof", "The total of the account's last bill.", ["amount"]),
    ];

    private static OpenApiSchema Proof(OpenApiDocument document) => new()
    {
        Description = "How the user proves the account is theirs; the provider says which methods it accepts (acceptedProofs).",
        OneOf = Proofs.Select(p => (IOpenApiSchema)new OpenApiSchemaReference(p.Name, document)).ToList(),
        Discriminator = new OpenApiDiscriminator
        {
            PropertyName = "method",
            Mapping = Proofs.ToDictionary(p => p.Method, p => new OpenApiSchemaReference(p.Name, document)),
        },
    };

    private static void AddProofs(OpenApiDocument document)
    {
        var fields = new Dictionary<string, OpenApiSchema>
        {
            ["date"] = new() { Type = JsonSchemaType.String, Format = "date", Description = "yyyy-MM-dd." },
            ["amount"] = new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1", Description = "Kopecks: 150000 = 1 500,00 ₽." },
            ["serial"] = new() { Type = JsonSchemaType.String, MinLength = 1, Description = "As printed on the meter." },
        };
        foreach (var (method, name, description, needs) in Proofs)
        {
            if (document.Components?.Schemas?.ContainsKey(name) == true) continue;
            var properties = new Dictionary<string, IOpenApiSchema>
            {
                ["method"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(method)!] },
            };
            foreach (var field in needs) properties[field] = fields[field];
            document.AddComponent(name, new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = description,
                Required = new HashSet<string>(["method", .. needs]), Properties = properties,
            });
        }
    }

    /// <summary>POST /api/operator/imports reads its body itself: its three shapes, with every kind's columns.</summary>
    private static void AddImportBody(OpenApiDocument document)
    {
        var operation = document.Paths.GetValueOrDefault("/api/operator/imports")?.Operations?.GetValueOrDefault(HttpMethod.Post);
        if (operation is null || document.Components?.Schemas?.ContainsKey(ImportBody) == true) return;
        var value = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Integer | JsonSchemaType.Boolean };
        var kinds = ImportKinds.All.Select(k => (JsonNode)JsonValue.Create(k)!).ToList();
        var rows = new Dictionary<string, IOpenApiSchema>();
        foreach (var kind in ImportKinds.All)
        {
            var columns = ImportKinds.Fields[kind];
            var name = char.ToUpperInvariant(kind[0]) + kind[1..] + "ImportRow";
            document.AddComponent(name, new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"One {kind} row: the CSV columns (docs/imports.md, \"{kind}\"); values are strings, numbers or booleans.",
                Required = new HashSet<string>(columns.Required),
                Properties = columns.All.ToDictionary(c => c, c => c == "acceptedProofs"
                    ? (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }
                    : value),
                AdditionalPropertiesAllowed = false,
            });
            rows[kind] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(name, document) };
        }
        document.AddComponent("ImportBlobReference", new OpenApiSchema
        {
            Type = JsonSchemaType.Object, Description = "A file already uploaded to the imports container, read in place.",
            Required = new HashSet<string> { "kind", "blob" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = kinds },
                ["blob"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^imports/.+", Examples = [JsonValue.Create("imports/uploads/2026-02/accounts.csv")!] },
                ["format"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("csv")!, JsonValue.Create("json")!], Description = "Else the blob's extension." },
            },
        });
        document.AddComponent("ImportOfOneKind", new OpenApiSchema
        {
            Type = JsonSchemaType.Object, Description = "The rows of one kind, in the kind's row shape.",
            Required = new HashSet<string> { "kind", "rows" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = kinds },
                ["rows"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } },
            },
        });
        document.AddComponent("ImportBundle", new OpenApiSchema
        {
            Type = JsonSchemaType.Object, Description = "Sections of several kinds, processed in the order of the kinds whatever their order here.",
            Properties = rows, AdditionalPropertiesAllowed = false,
        });
        document.AddComponent(ImportBody, new OpenApiSchema
        {
            Description = "The import itself (one kind or a bundle), or a reference to an uploaded blob.",
            OneOf = [new OpenApiSchemaReference("ImportBlobReference", document), new OpenApiSchemaReference("ImportOfOneKind", document), new OpenApiSchemaReference("ImportBundle", document)],
        });
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(ImportBody, document) },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "A .csv or .json file." },
                            ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = kinds, Description = "Required for CSV." },
                            ["format"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("csv")!, JsonValue.Create("json")!] },
                        },
                    },
                },
            },
        };
    }
}
