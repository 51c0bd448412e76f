using System.Text.Json;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Docs;

/// <summary>The API document as a started app serves it, fetched once per test run.</summary>
public static class OpenApiDocument
{
    private static readonly Lazy<Task<string>> Text = new(async () =>
    {
        using var factory = new KabinetFactory();
        var text = await factory.CreateClient().GetStringAsync("/api/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("KABINET_TEST_OPENAPI_DUMP") is { Length: > 0 } dump) await File.WriteAllTextAsync(dump, text);
        return text;
    });

    public static Task<string> GetTextAsync() => Text.Value;

    public static async Task<JsonElement> GetAsync() => JsonDocument.Parse(await Text.Value).RootElement;
}
