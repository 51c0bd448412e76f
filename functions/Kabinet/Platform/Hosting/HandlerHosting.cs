using Kabinet.Platform.Errors;

namespace Kabinet.Platform.Hosting;

/// <summary>Names the Kabinet assembly for WebApplicationFactory (Program is ambiguous beside the LocalHost's).</summary>
public sealed class KabinetEntryPoint;

public static class HandlerHosting
{
    /// <summary>
    /// Listen where the Functions host expects the custom handler: 127.0.0.1 on
    /// FUNCTIONS_CUSTOMHANDLER_PORT. Without it (tests, plain dotnet run) the usual URLs apply.
    /// </summary>
    public static void ListenAsCustomHandler(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestLimits.DrainBytes;
            kestrel.AddServerHeader = false;
            if (int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT"), out var port))
                kestrel.Listen(System.Net.IPAddress.Loopback, port);
        });
    }

    /// <summary>The Functions host names the environment in AZURE_FUNCTIONS_ENVIRONMENT; ASP.NET reads ASPNETCORE_ENVIRONMENT.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var functionsEnvironment = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT");
        var useFunctionsEnvironment = !string.IsNullOrWhiteSpace(functionsEnvironment)
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = useFunctionsEnvironment ? functionsEnvironment : null,
        });
        builder.ListenAsCustomHandler();
        return builder;
    }

    /// <summary>The host polls GET / until the handler answers.</summary>
    public static void MapHandlerReadiness(this IEndpointRouteBuilder app) =>
        app.MapGet("/", () => TypedResults.Text("Kabinet")).ExcludeFromDescription();
}
