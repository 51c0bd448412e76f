using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Kabinet.Tests.Docs;

/// <summary>
/// A typed client generated from the served document with a standard generator (NSwag, the local dotnet tool in
/// .config/dotnet-tools.json) compiles in a plain net10.0 project: the document stays usable by front ends.
/// </summary>
[TestClass]
public sealed class GeneratedClientTests
{
    [TestMethod]
    public async Task A_client_generated_from_the_document_compiles()
    {
        var result = await GenerateAndBuildAsync(await OpenApiDocument.GetTextAsync());
        Assert.IsTrue(result.Ok, result.Log);
    }

    [TestMethod]
    public async Task A_broken_document_fails_the_check()
    {
        var doc = JsonNode.Parse(await OpenApiDocument.GetTextAsync())!;
        // A response naming a schema the document does not have.
        doc["components"]!["schemas"]!.AsObject().Remove("ProfileView");
        var result = await GenerateAndBuildAsync(doc.ToJsonString());
        Assert.IsFalse(result.Ok, "a document with a dangling $ref passed the check:\n" + result.Log);
    }

    private sealed record Outcome(bool Ok, string Log);

    private static async Task<Outcome> GenerateAndBuildAsync(string document)
    {
        var root = OpenApiWalkTests.RepoRoot();
        var work = Directory.CreateTempSubdirectory("kabinet-client-");
        try
        {
            var input = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(input, document);
            var log = new System.Text.StringBuilder();
            if (!await RunAsync(root, log, "tool", "restore")) return new(false, log.ToString());
            if (!await RunAsync(root, log, "tool", "run", "nswag", "openapi2csclient", "/input:" + input, "/output:" + Path.Combine(work.FullName, "Client.cs"),
                    "/namespace:Kabinet.Client", "/className:KabinetClient", "/jsonLibrary:SystemTextJson", "/generateClientInterfaces:true"))
                return new(false, log.ToString());
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "Client.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            return new(await RunAsync(work.FullName, log, "build", "-nologo", "-v", "quiet"), log.ToString());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<bool> RunAsync(string directory, System.Text.StringBuilder log, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild settings would steer the child build to this solution's SDK state.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        log.AppendLine($"$ dotnet {string.Join(' ', arguments)} → {process.ExitCode}").AppendLine(await output).AppendLine(await error);
        return process.ExitCode == 0;
    }
}
