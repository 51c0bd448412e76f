using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kabinet.Tests.Infrastructure;

/// <summary>A queue function invoked in-process with the payload the Functions host sends (the fixture, with this message).</summary>
public static class QueueInvocation
{
    public static async Task PostAsync(HttpClient client, string function, object message)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation.json")))!;
        payload["Data"]!["message"] = JsonSerializer.Serialize(message, JsonSerializerOptions.Web);
        payload["Metadata"]!["Id"] = Guid.NewGuid().ToString();
        payload["Metadata"]!["sys"]!["MethodName"] = function;
        var response = await client.PostAsync("/" + function, new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
