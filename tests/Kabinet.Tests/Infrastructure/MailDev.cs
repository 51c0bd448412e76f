using System.Net.Http.Json;
using System.Text.Json;

namespace Kabinet.Tests.Infrastructure;

/// <summary>Reads what MailDev received, through its REST API.</summary>
public static class MailDev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestEnvironment.MailDevUrl };

    public static async Task<JsonElement[]> FindBySubjectAsync(string subject, int atLeast = 1, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var all = await Http.GetFromJsonAsync<JsonElement[]>("/api/email") ?? [];
            var found = all.Where(e => e.GetProperty("subject").GetString() == subject).ToArray();
            if (found.Length >= atLeast || DateTime.UtcNow > deadline) return found;
            await Task.Delay(200);
        }
    }

    public static async Task<JsonElement[]> ToAsync(string address)
    {
        var all = await Http.GetFromJsonAsync<JsonElement[]>("/api/email") ?? [];
        return all.Where(e => e.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }

    public static Task<string> RawAsync(string id) => Http.GetStringAsync($"/email/{id}/source");
}
