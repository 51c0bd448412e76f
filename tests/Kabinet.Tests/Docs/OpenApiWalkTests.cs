using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kabinet.Tests.Docs;

/// <summary>
/// Walks the served document: every operation has its success with a schema and its errors as the shared Problem,
/// the bearer scheme sits exactly on the operations that need it, every path of docs/api.md is there, and no request
/// schema asks for a field the API does without.
/// </summary>
[TestClass]
public sealed partial class OpenApiWalkTests
{
    private const string ProblemRef = "#/components/schemas/Problem";

    /// <summary>Paths docs/api.md describes that are not built yet. A path built since must leave this list.</summary>
    private static readonly HashSet<string> NotYetBuilt =
    [];

    /// <summary>Served, but not operations of the document: the document itself and its page.</summary>
    private static readonly HashSet<string> NotOperations = ["GET /openapi/v1.json", "GET /docs"];

    /// <summary>Operations that answer no error of their own (a development-only counter).</summary>
    private static readonly HashSet<string> WithoutErrors = ["GET /api/dev/storage-calls"];

    /// <summary>Public operations: no bearer token.</summary>
    private static readonly string[] Public =
    [
        "GET /api/health", "GET /api/providers", "POST /api/auth/register", "POST /api/auth/challenges/{id}/resend", "POST /api/auth/register/confirm", "POST /api/auth/login",
        "POST /api/auth/login/confirm", "POST /api/auth/refresh",
        "POST /api/payments/guest", "POST /api/payments/gateways/{gateway}/callback", "GET /api/payments/sandbox/{paymentId}", "POST /api/payments/sandbox/{paymentId}", "POST /api/auth/password/reset", "POST /api/auth/password/reset/confirm",
    ];

    /// <summary>Request fields the API does without (each must be in the document, and not required).</summary>
    private static readonly (string Operation, string Field)[] Optional =
    [
        ("POST /api/accounts", "alias"), ("POST /api/accounts", "groupId"),
        ("POST /api/auth/register", "phone"), ("POST /api/auth/register", "email"), ("POST /api/auth/register", "marketingOptIn"),
        ("POST /api/auth/login", "deviceId"), ("POST /api/auth/login/confirm", "trustDevice"),
        ("POST /api/accounts/{id}/meters/{meterId}/readings", "confirmImplausible"),
        ("POST /api/payments/guest", "services"), ("POST /api/payments/guest", "returnUrl"), ("PUT /api/profile/two-factor", "password"), ("POST /api/profile/email", "password"), ("POST /api/profile/phone", "password"),
    ];

    /// <summary>The one PATCH whose only field is the change itself: a rename needs the name.</summary>
    private const string RenameGroup = "PATCH /api/groups/{id}";

    private static IEnumerable<(string Key, string Method, string Path, JsonElement Operation)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Name.ToUpperInvariant() + " " + path.Name, o.Name.ToUpperInvariant(), path.Name, o.Value)));

    private static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r))
            schema = doc.GetProperty("components").GetProperty("schemas").GetProperty(r.GetString()!.Split('/')[^1]);
        return schema;
    }

    [TestMethod]
    public async Task Every_operation_has_its_success_with_a_schema_and_its_errors_as_Problem()
    {
        var doc = await OpenApiDocument.GetAsync();
        var faults = new List<string>();
        foreach (var (key, _, _, operation) in Operations(doc))
        {
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString())) faults.Add($"{key}: no summary");
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var successes = responses.Where(r => r.Name.StartsWith('2')).ToList();
            if (successes.Count == 0) faults.Add($"{key}: no 2xx response");
            foreach (var success in successes.Where(s => s.Name != "204"))
                if (!success.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any(m => m.Value.TryGetProperty("schema", out var s) && s.EnumerateObject().Any()))
                    faults.Add($"{key}: {success.Name} has no schema (declare .Produces<T>({success.Name}) or return a typed result)");
            var errors = responses.Where(r => r.Name[0] is '4' or '5').ToList();
            if (errors.Count == 0 && !WithoutErrors.Contains(key)) faults.Add($"{key}: no error response");
            foreach (var error in errors)
            {
                var schema = error.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/problem+json", out var m) && m.TryGetProperty("schema", out var s) ? s : default;
                if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$ref", out var r) || r.GetString() != ProblemRef)
                    faults.Add($"{key}: {error.Name} is not a Problem");
            }
            if (operation.TryGetProperty("requestBody", out _) && !responses.Any(r => r.Name == "400")) faults.Add($"{key}: a body but no 400");
            if (key.Contains('{') && !responses.Any(r => r.Name is "404" or "422")) faults.Add($"{key}: ids in the path but no 404");
            var languages = operation.TryGetProperty("parameters", out var ps) && ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Accept-Language" && p.GetProperty("in").GetString() == "header");
            if (!languages) faults.Add($"{key}: no Accept-Language");
            foreach (var tooMany in responses.Where(r => r.Name == "429"))
                if (!tooMany.Value.TryGetProperty("headers", out var h) || !h.TryGetProperty("Retry-After", out _)) faults.Add($"{key}: 429 without Retry-After");
        }
        Assert.AreEqual(0, faults.Count, string.Join("\n", faults));
    }

    [TestMethod]
    public async Task The_bearer_scheme_is_on_exactly_the_operations_that_need_a_token()
    {
        var doc = await OpenApiDocument.GetAsync();
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.AreEqual("http", scheme.GetProperty("type").GetString());
        Assert.AreEqual("bearer", scheme.GetProperty("scheme").GetString());
        Assert.AreEqual("JWT", scheme.GetProperty("bearerFormat").GetString());
        var faults = new List<string>();
        foreach (var (key, _, path, operation) in Operations(doc))
        {
            var secured = operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
            var unauthorized = operation.GetProperty("responses").TryGetProperty("401", out _);
            if (Public.Contains(key) && secured) faults.Add($"{key}: public but asks for a token");
            if (!Public.Contains(key) && !path.StartsWith("/api/dev/") && !secured) faults.Add($"{key}: needs a token but the document does not say so");
            if (secured && !unauthorized) faults.Add($"{key}: a token but no 401");
            if (path.StartsWith("/api/operator/"))
            {
                if (!operation.GetProperty("responses").TryGetProperty("403", out _)) faults.Add($"{key}: operator only but no 403");
                if (!(operation.TryGetProperty("description", out var d) && d.GetString()!.Contains("operator"))) faults.Add($"{key}: the operator role is not noted");
            }
        }
        Assert.AreEqual(0, faults.Count, string.Join("\n", faults));
    }

    [GeneratedRegex(@"\b(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z0-9_.{}/-]*)")]
    private static partial Regex Mention();

    /// <summary>VERB /path from the first cell of the tables' rows and from backticked mentions, ids as {}.</summary>
    public static HashSet<string> ContractPaths(string markdown)
    {
        var found = new HashSet<string>();
        void Add(Match m)
        {
            var path = m.Groups[2].Value.TrimEnd('/');
            if (path.Length == 0 || path.Contains('…')) return;
            if (path.StartsWith("/api/")) path = path[4..];
            found.Add(m.Groups[1].Value + " " + Regex.Replace(path, @"\{[^}]*\}", "{}"));
        }
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith('|') && line.Split('|') is { Length: > 2 } cells)
                foreach (Match m in Mention().Matches(cells[1])) Add(m);
            foreach (Match quoted in Regex.Matches(line, "`([^`]+)`"))
                if (Mention().Match(quoted.Groups[1].Value) is { Success: true, Index: 0 } m) Add(m);
        }
        return found;
    }

    [TestMethod]
    public async Task Every_path_of_the_contract_is_in_the_document()
    {
        var doc = await OpenApiDocument.GetAsync();
        var documented = Operations(doc).Select(o => o.Method + " " + Regex.Replace(o.Path[4..], @"\{[^}]*\}", "{}")).ToHashSet();
        var contract = ContractPaths(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "api.md")));
        Assert.IsTrue(contract.Count > 40, $"docs/api.md parsed to only {contract.Count} paths");

        var missing = contract.Except(documented).Except(NotYetBuilt).Except(NotOperations).Order().ToList();
        Assert.AreEqual(0, missing.Count, "in docs/api.md but not in the document:\n" + string.Join("\n", missing));
        var built = NotYetBuilt.Intersect(documented).Order().ToList();
        Assert.AreEqual(0, built.Count, "built now: take them out of NotYetBuilt:\n" + string.Join("\n", built));
        var gone = NotYetBuilt.Except(contract).Order().ToList();
        Assert.AreEqual(0, gone.Count, "no longer in docs/api.md: take them out of NotYetBuilt:\n" + string.Join("\n", gone));
    }

    [TestMethod]
    public void The_contract_parser_reads_rows_and_mentions()
    {
        var paths = ContractPaths("| GET /groups, POST /groups, PATCH /groups/{id} | user's groups |\n| GET /accounts?groupId= | x `POST /profile/contacts/confirm {challengeId}` and `GET …/{period}/pdf` |\n");
        CollectionAssert.AreEquivalent(new[] { "GET /groups", "POST /groups", "PATCH /groups/{}", "GET /accounts", "POST /profile/contacts/confirm" }, paths.ToArray());
    }

    [TestMethod]
    public async Task No_request_schema_requires_a_field_the_API_does_without()
    {
        var doc = await OpenApiDocument.GetAsync();
        var faults = new List<string>();
        var bodies = Operations(doc).Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .ToDictionary(o => o.Key, o => o.Operation.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(m => Resolve(doc, m.Value.GetProperty("schema"))).ToList());
        foreach (var (key, schemas) in bodies)
            foreach (var schema in schemas)
            {
                var properties = schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(x => x.Name).ToHashSet() : [];
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                if (key.StartsWith("PATCH ") && key != RenameGroup && required.Count > 0) faults.Add($"{key}: a PATCH field is required: {string.Join(", ", required)}");
                foreach (var name in required.Where(n => !properties.Contains(n))) faults.Add($"{key}: requires {name}, which it does not have");
                foreach (var (name, property) in schema.TryGetProperty("properties", out var ps) ? ps.EnumerateObject().Select(x => (x.Name, x.Value)) : [])
                    if (property.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Array && t.EnumerateArray().Any(v => v.GetString() == "null"))
                        faults.Add($"{key}: {name} may be null: send nothing instead");
            }
        foreach (var (operation, field) in Optional)
        {
            if (!bodies.TryGetValue(operation, out var schemas)) { faults.Add($"{operation}: no body"); continue; }
            var schema = schemas.First();
            if (!schema.GetProperty("properties").TryGetProperty(field, out _)) faults.Add($"{operation}: no field {field}");
            if (schema.TryGetProperty("required", out var r) && r.EnumerateArray().Any(x => x.GetString() == field)) faults.Add($"{operation}: {field} is optional but required");
        }
        Assert.AreEqual(0, faults.Count, string.Join("\n", faults));
    }

    [TestMethod]
    public async Task Numbers_are_numbers_strings_are_strings_and_closed_sets_are_enums()
    {
        var doc = await OpenApiDocument.GetAsync();
        var faults = new List<string>();
        void Walk(string where, JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object) return;
            if (schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Array)
            {
                var types = t.EnumerateArray().Select(x => x.GetString()).ToList();
                if (types.Contains("string") && (types.Contains("integer") || types.Contains("number")) && !where.Contains("ImportRow"))
                    faults.Add($"{where}: a number that may be a string");
            }
            if (schema.TryGetProperty("properties", out var ps))
                foreach (var p in ps.EnumerateObject())
                {
                    if (!p.Value.EnumerateObject().Any() && p.Name is not ("details" or "data"))
                        faults.Add($"{where}.{p.Name}: no type");
                    Walk(where + "." + p.Name, p.Value);
                }
            foreach (var nested in new[] { "items", "additionalProperties" })
                if (schema.TryGetProperty(nested, out var n)) Walk(where + "[]", n);
        }
        foreach (var s in doc.GetProperty("components").GetProperty("schemas").EnumerateObject()) Walk(s.Name, s.Value);
        foreach (var (key, _, _, operation) in Operations(doc))
            foreach (var p in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
                if (p.TryGetProperty("schema", out var ps2) && !ps2.EnumerateObject().Any()) faults.Add($"{key}: parameter {p.GetProperty("name")} has no type");

        var schemas = doc.GetProperty("components").GetProperty("schemas");
        string[] Enum(string schema, string property) =>
            schemas.GetProperty(schema).GetProperty("properties").GetProperty(property) is var p && p.TryGetProperty("items", out var i) ? Values(i) : Values(p);
        static string[] Values(JsonElement e) => e.TryGetProperty("enum", out var v) ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        CollectionAssert.AreEquivalent(new[] { "accepted", "needs_review", "billed", "withdrawn" }, Enum("ReadingView", "status"));
        CollectionAssert.AreEquivalent(new[] { "web", "import", "remote" }, Enum("ReadingView", "channel"));
        CollectionAssert.AreEquivalent(new[] { "lastPayment", "meterSerial", "lastBill" }, Enum("ProviderView", "acceptedProofs"));
        CollectionAssert.AreEquivalent(new[] { "male", "female" }, Enum("ProfileView", "gender"));
        CollectionAssert.AreEquivalent(new[] { "paper", "email" }, Enum("AccountPatch", "billDelivery"));
        CollectionAssert.AreEquivalent(new[] { "T1", "day-night", "peak-semipeak-night" }, Enum("MeterView", "zoneSet"));
        CollectionAssert.AreEquivalent(new[] { "active", "decommissioned" }, Enum("MeterView", "state"));
        Assert.AreEqual(0, faults.Count, string.Join("\n", faults));
    }

    [TestMethod]
    public async Task The_proofs_are_a_oneOf_on_method_and_reading_values_are_numbers_by_zone()
    {
        var doc = await OpenApiDocument.GetAsync();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var verification = schemas.GetProperty("LinkRequest").GetProperty("properties").GetProperty("verification");
        Assert.AreEqual(3, verification.GetProperty("oneOf").GetArrayLength());
        Assert.AreEqual("method", verification.GetProperty("discriminator").GetProperty("propertyName").GetString());
        var serial = schemas.GetProperty(verification.GetProperty("discriminator").GetProperty("mapping").GetProperty("meterSerial").GetString()!.Split('/')[^1]);
        CollectionAssert.AreEquivalent(new[] { "method", "serial" }, serial.GetProperty("required").EnumerateArray().Select(x => x.GetString()).ToArray());

        var values = schemas.GetProperty("ReadingRequest").GetProperty("properties").GetProperty("values");
        Assert.AreEqual("number", values.GetProperty("additionalProperties").GetProperty("type").GetString());
        CollectionAssert.Contains(values.GetProperty("propertyNames").GetProperty("enum").EnumerateArray().Select(x => x.GetString()).ToList(), "night");

        var import = doc.GetProperty("paths").GetProperty("/api/operator/imports").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.IsTrue(import.TryGetProperty("multipart/form-data", out _));
        Assert.AreEqual(3, Resolve(doc, import.GetProperty("application/json").GetProperty("schema")).GetProperty("oneOf").GetArrayLength());
    }

    [TestMethod]
    public async Task The_headers_are_documented_where_they_apply()
    {
        var doc = await OpenApiDocument.GetAsync();
        var paths = doc.GetProperty("paths");
        static IEnumerable<string> Parameters(JsonElement operation) =>
            operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.TryGetProperty("name", out _)).Select(p => p.GetProperty("name").GetString()!) : [];
        var submit = paths.GetProperty("/api/accounts/{id}/meters/{meterId}/readings").GetProperty("post");
        CollectionAssert.Contains(Parameters(submit).ToList(), "Idempotency-Key");
        Assert.IsTrue(submit.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _));
        var patch = paths.GetProperty("/api/profile").GetProperty("patch");
        CollectionAssert.Contains(Parameters(patch).ToList(), "If-Match");
        Assert.IsTrue(patch.GetProperty("responses").TryGetProperty("412", out _));
        Assert.IsTrue(paths.GetProperty("/api/profile").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
    }

    [TestMethod]
    public async Task The_main_flows_have_examples_that_match_their_schemas()
    {
        var doc = await OpenApiDocument.GetAsync();
        var faults = new List<string>();
        string[] flows = ["POST /api/auth/register", "POST /api/auth/login", "POST /api/accounts", "POST /api/accounts/{id}/meters/{meterId}/readings"];
        foreach (var (key, _, _, operation) in Operations(doc).Where(o => flows.Contains(o.Key)))
        {
            var media = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            if (!media.TryGetProperty("example", out var example)) { faults.Add($"{key}: no example"); continue; }
            var properties = Resolve(doc, media.GetProperty("schema")).GetProperty("properties");
            foreach (var field in example.EnumerateObject().Where(f => !properties.TryGetProperty(f.Name, out _)))
                faults.Add($"{key}: the example's {field.Name} is not in the schema");
        }
        Assert.AreEqual(0, faults.Count, string.Join("\n", faults));
    }

    [TestMethod]
    public async Task Documents_built_at_once_all_succeed()
    {
        using var factory = new Kabinet.Tests.Infrastructure.KabinetFactory();
        var client = factory.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/openapi/v1.json")));
        Assert.AreEqual(8, answers.Count(a => a.IsSuccessStatusCode), string.Join(", ", answers.Select(a => (int)a.StatusCode)));
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("no Functions.sln above " + AppContext.BaseDirectory);
    }
}
