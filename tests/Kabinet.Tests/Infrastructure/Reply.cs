using System.Net;
using System.Text.Json;

namespace Kabinet.Tests.Infrastructure;

/// <summary>A test's HTTP answer: status, the body as JSON (Undefined when empty, a JSON string when not JSON) and the raw response.</summary>
public sealed record Reply(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Raw)
{
    public string? Code => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("code", out var c) ? c.GetString() : null;

    /// <summary>(field, code) of every entry in a 422's <c>errors</c>.</summary>
    public List<(string Field, string Code)> Errors =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => (x.GetProperty("field").GetString()!, x.GetProperty("code").GetString()!)).ToList()
            : [];

    public List<JsonElement> Items => Body.GetProperty("items").EnumerateArray().ToList();

    public string? ETag => Raw.Headers.TryGetValues("ETag", out var v) ? v.FirstOrDefault() : null;

    public string Describe() => $"{(int)Status} {Body}";
}
