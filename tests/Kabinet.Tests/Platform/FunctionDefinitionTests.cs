using System.Text.Json;
using Kabinet.Platform.Invocation;
using Kabinet.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Platform;

/// <summary>The app root the build produces, against the endpoints the handler maps.</summary>
[TestClass]
public sealed class FunctionDefinitionTests
{
    private static string AppRoot => RepoPaths.BuildOutput("functions/Kabinet");

    private static Dictionary<string, JsonElement> Definitions() =>
        Directory.GetDirectories(AppRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .ToDictionary(d => Path.GetFileName(d), d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json"))).RootElement.GetProperty("bindings")[0]);

    [TestMethod]
    public void Host_json_declares_the_custom_handler_the_bundle_and_queue_retries()
    {
        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppRoot, "host.json"))).RootElement;

        Assert.AreEqual("2.0", host.GetProperty("version").GetString());
        var handler = host.GetProperty("customHandler");
        Assert.IsTrue(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        var exe = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        Assert.IsFalse(Path.IsPathRooted(exe));
        Assert.IsTrue(File.Exists(Path.Combine(AppRoot, exe)), $"{exe} is not in the app root");
        Assert.AreEqual("[4.*, 5.0.0)", host.GetProperty("extensionBundle").GetProperty("version").GetString());
        var queues = host.GetProperty("extensions").GetProperty("queues");
        Assert.AreEqual(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.AreEqual("base64", queues.GetProperty("messageEncoding").GetString());
    }

    [TestMethod]
    public void Every_function_json_has_a_handler_and_every_handler_a_function_json()
    {
        using var factory = new KabinetFactory();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var handled = endpoints.Select(e => e.Metadata.GetMetadata<FunctionMetadata>()).OfType<FunctionMetadata>().Distinct().ToList();
        var definitions = Definitions();

        CollectionAssert.AreEquivalent(definitions.Keys.Order().ToList(), handled.Select(f => f.Name).Distinct().Order().ToList());
        foreach (var function in handled)
        {
            var trigger = definitions[function.Name].GetProperty("type").GetString();
            var expected = function.Trigger switch { TriggerKind.Http => "httpTrigger", TriggerKind.Queue => "queueTrigger", _ => "timerTrigger" };
            Assert.AreEqual(expected, trigger, function.Name);
            if (function.Trigger != TriggerKind.Http)
            {
                var route = endpoints.Single(e => e.Metadata.GetMetadata<FunctionMetadata>() == function).RoutePattern.RawText;
                Assert.AreEqual("/" + function.Name, route, "the host invokes non-HTTP functions at POST /{FunctionName}");
            }
        }
    }

    [TestMethod]
    public void Http_endpoints_live_under_api_and_invocation_endpoints_never_do()
    {
        using var factory = new KabinetFactory();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        foreach (var endpoint in endpoints)
        {
            var function = endpoint.Metadata.GetMetadata<FunctionMetadata>();
            if (function is null) continue;
            var underApi = endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal);
            Assert.AreEqual(function.Trigger == TriggerKind.Http, underApi, endpoint.RoutePattern.RawText);
        }
    }
}
