using System.Text.Json;

// A tiny custom handler for the LocalHost tests. It answers like a real handler and appends one JSON line per
// invocation (function, raw body, parsed message, dequeue count, IsPastDue, instance) to the file in setting RecordFile.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? "5099"}");
var app = builder.Build();

var recordFile = Environment.GetEnvironmentVariable("RecordFile");
var instance = Environment.GetEnvironmentVariable("Instance") ?? "";
var gate = new Lock();
var ok = """{"Outputs":{},"Logs":[],"ReturnValue":null}""";

app.MapGet("/", () => "TestHandler");

app.Map("/api/echo/{**rest}", async (HttpContext context, string? rest) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var body = await reader.ReadToEndAsync();
    return Results.Json(new { method = context.Request.Method, path = context.Request.Path.Value, query = context.Request.QueryString.Value, rest, body, instance });
});

app.MapPost("/{function}", async (HttpContext context, string function) =>
{
    using var reader = new StreamReader(context.Request.Body);
    var body = await reader.ReadToEndAsync();
    using var doc = JsonDocument.Parse(body);
    var data = doc.RootElement.GetProperty("Data").EnumerateObject().First().Value;
    var metadata = doc.RootElement.GetProperty("Metadata");

    // Queue messages arrive as a JSON string holding the message text, or (as the real host sends it) holding the
    // text JSON-encoded once more; accept an object too, as Kabinet does.
    string? message = data.ValueKind switch
    {
        JsonValueKind.String => Unquote(data.GetString()!),
        JsonValueKind.Object when !data.TryGetProperty("IsPastDue", out _) => data.GetRawText(),
        _ => null,
    };
    var record = JsonSerializer.Serialize(new
    {
        Function = function,
        Instance = instance,
        Body = body,
        Message = message,
        DequeueCount = metadata.TryGetProperty("DequeueCount", out var dc) ? (dc.ValueKind == JsonValueKind.String ? int.Parse(dc.GetString()!) : dc.GetInt32()) : (int?)null,
        IsPastDue = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("IsPastDue", out var pd) ? pd.GetBoolean() : (bool?)null,
        At = DateTimeOffset.UtcNow,
    });
    if (recordFile is not null)
        lock (gate) File.AppendAllText(recordFile, record + "\n");

    if (function == "Slow")
        await Task.Delay(TimeSpan.Parse(Environment.GetEnvironmentVariable("SlowDelay") ?? "00:00:01"));
    return function == "AlwaysFail"
        ? Results.Text("""{"Outputs":{},"Logs":["failing on purpose"],"ReturnValue":null}""", "application/json", statusCode: 500)
        : Results.Text(ok, "application/json");
});

app.Run();

// One layer of JSON string encoding off, when the text is a JSON string literal.
static string Unquote(string text)
{
    if (text.Length < 2 || text[0] != '"' || text[^1] != '"') return text;
    try { return JsonSerializer.Deserialize<string>(text) ?? text; }
    catch (JsonException) { return text; }
}
