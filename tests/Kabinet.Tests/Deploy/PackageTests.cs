using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Deploy;

/// <summary>
/// The package `azd deploy` uploads: `dotnet publish functions/Kabinet/Kabinet.csproj -c Release --output dir`
/// (azd's dotnet framework service), that folder zipped the way azd's rzip zips it, unpacked by an ordinary
/// `unzip` into a clean folder, and the handler started from it the way the Functions host starts a custom handler.
/// See infra/README.md, "Why this package shape". The package is linux-x64, so the test runs on Linux.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux)]
[SupportedOSPlatform("linux")]
public sealed class PackageTests
{
    private static string _work = null!;
    private static string _package = null!;
    private static string _root = null!;
    private static readonly string Project = Path.Combine(RepoPaths.Root, "functions", "Kabinet");

    [ClassInitialize]
    public static async Task Build(TestContext _)
    {
        _work = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("kabinet-package"));
        var publish = Path.Combine(_work, "publish");
        await RunAsync("dotnet", ["publish", Path.Combine(Project, "Kabinet.csproj"), "-c", "Release", "--output", publish], TimeSpan.FromMinutes(10));

        _package = Path.Combine(_work, "kabinet.zip");
        ZipAsAzd(publish, _package);

        _root = Path.Combine(_work, "wwwroot");
        Directory.CreateDirectory(_root);
        await RunAsync("unzip", ["-q", _package, "-d", _root], TimeSpan.FromMinutes(2));
    }

    [ClassCleanup]
    public static void Clean()
    {
        if (_work is not null && Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [TestMethod]
    public void The_package_is_the_function_app_root_and_nothing_else()
    {
        Assert.IsTrue(File.Exists(Path.Combine(_root, "host.json")), "host.json at the package root");
        Assert.IsTrue(File.Exists(Path.Combine(_root, "Kabinet.dll")));

        var definitions = Directory.EnumerateFiles(Project, "*.function.json", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, Path.Combine(Project, "bin")) && !IsUnder(f, Path.Combine(Project, "obj")))
            .ToDictionary(f => Path.GetFileName(f)[..^".function.json".Length], File.ReadAllText);
        Assert.IsGreaterThanOrEqualTo(10, definitions.Count);
        foreach (var (name, json) in definitions)
        {
            var landed = Path.Combine(_root, name, "function.json");
            Assert.IsTrue(File.Exists(landed), $"{name}/function.json is in the package");
            Assert.AreEqual(json, File.ReadAllText(landed), name);
        }

        // Every folder is a function: no wwwroot, runtimes/, bin/, obj/, tests or fixtures ride along.
        var folders = Directory.GetDirectories(_root).Select(Path.GetFileName).Order().ToArray();
        CollectionAssert.AreEquivalent(definitions.Keys.Order().ToArray(), folders);

        var entries = Entries();
        string[] forbidden = ["local.settings", "appsettings.Development", ".Tests.", "TestHandler", "Kabinet.LocalHost", "MSTest", "TestPlatform", "secrets.json", ".funcignore"];
        var leaked = entries.Where(e => forbidden.Any(f => e.Contains(f, StringComparison.OrdinalIgnoreCase))).ToArray();
        Assert.IsEmpty(leaked, string.Join(", ", leaked));
    }

    [TestMethod]
    public void No_configuration_file_in_the_package_carries_a_development_key()
    {
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json"))).RootElement.GetProperty("Values");
        string[] keys =
        [
            sample.GetProperty("Auth__SigningKey").GetString()!,
            sample.GetProperty("Auth__OperatorPassword").GetString()!,
            TestEnvironment.SigningKey,
        ];
        foreach (var file in Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var key in keys)
                Assert.DoesNotContain(key, text, $"{Path.GetRelativePath(_root, file)} carries a development key");
            Assert.DoesNotContain("SigningKey", text, $"{Path.GetRelativePath(_root, file)}: the signing key comes from app settings only");
        }
    }

    [TestMethod]
    public void The_handler_in_the_package_needs_no_NET_runtime_on_the_host_and_keeps_its_execute_bit()
    {
        var (executable, _) = Command();
        Assert.AreEqual(Path.Combine(_root, "Kabinet"), executable, "host.json names the apphost in the package root");
        Assert.IsTrue(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), "the zip kept the apphost's execute bit");

        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "Kabinet.runtimeconfig.json")))!["runtimeOptions"]!;
        Assert.IsNotNull(runtimeConfig["includedFrameworks"], "a self-contained publish: the runtime is in the package");
        Assert.IsNull(runtimeConfig["framework"] ?? runtimeConfig["frameworks"], "no shared framework to find on the host");
        Assert.IsTrue(File.Exists(Path.Combine(_root, "libcoreclr.so")), "the linux-x64 runtime is in the package");
    }

    [TestMethod]
    public async Task The_unpacked_handler_starts_as_the_host_starts_it_and_serves_an_http_and_a_queue_invocation()
    {
        var port = FreePort();
        var (executable, arguments) = Command();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = _root, // host.json's workingDirectory is empty: the app root
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "AZURE_FUNCTIONS_ENVIRONMENT" }) start.Environment.Remove(name);
        // Production, as deployed: no .NET found through the machine, the app settings the Bicep sets, and the port the host picks.
        start.Environment["DOTNET_ROOT"] = Path.Combine(_work, "no-dotnet-here");
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString();
        start.Environment["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString;
        start.Environment["Auth__SigningKey"] = TestEnvironment.SigningKey;
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Smtp__Port"] = TestEnvironment.SmtpPort.ToString();
        start.Environment["Smtp__Security"] = "None";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        Assert.IsTrue(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilAnsweringAsync(http, process, output);

            // enableForwardingHttpRequest: the host forwards the request as it came, to the same path.
            using var health = await http.GetAsync("/api/health");
            Assert.AreEqual(HttpStatusCode.OK, health.StatusCode, await health.Content.ReadAsStringAsync());
            Assert.AreEqual("healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            var subject = "Из пакета " + Guid.NewGuid().ToString("N")[..8];
            using var invocation = await http.PostAsync("/SendEmail", HostSerializedQueueInvocation("SendEmail",
                new { to = "package@example.com", subject, text = "Пакет запускается" }));
            Assert.AreEqual(HttpStatusCode.OK, invocation.StatusCode, await invocation.Content.ReadAsStringAsync());
            Assert.IsTrue((await invocation.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("Outputs", out _), "the host's invocation response shape");
            Assert.HasCount(1, await MailDev.FindBySubjectAsync(subject));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The command the host runs: defaultExecutablePath, made absolute when that file is in the app root, and the arguments.</summary>
    private static (string Executable, string[] Arguments) Command()
    {
        var description = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "host.json")))!["customHandler"]!["description"]!;
        var path = description["defaultExecutablePath"]!.GetValue<string>();
        var inRoot = Path.Combine(_root, path);
        var arguments = description["arguments"]?.AsArray().Select(a => a!.GetValue<string>()).ToArray() ?? [];
        return (File.Exists(inRoot) ? inRoot : path, arguments);
    }

    /// <summary>The host polls GET / until the handler answers with any status.</summary>
    private static async Task WaitUntilAnsweringAsync(HttpClient http, Process process, StringBuilder output)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) Assert.Fail($"The handler exited with {process.ExitCode} before answering GET /:\n{output}");
            try
            {
                using var _ = await http.GetAsync("/");
                return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Assert.Fail($"The handler did not answer GET / within 60 s:\n{output}");
    }

    /// <summary>A queue invocation as the real host serialises it (Fixtures/README.md): the message text and ids once more as JSON strings.</summary>
    private static StringContent HostSerializedQueueInvocation(string function, object message)
    {
        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("queue-invocation-host-serialized.json")))!;
        payload["Data"]!["message"] = JsonSerializer.Serialize(JsonSerializer.Serialize(message, JsonSerializerOptions.Web));
        payload["Metadata"]!["Id"] = JsonSerializer.Serialize(Guid.NewGuid().ToString());
        payload["Metadata"]!["sys"]!["MethodName"] = function;
        return new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
    }

    /// <summary>
    /// azd's rule (cli/azd/pkg/project/project_utils.go createDeployableZip, pkg/rzip): every file under the folder,
    /// symlinks followed, no directory entries, deflated, each with its file-system mode; for a function app
    /// local.settings.json is left out.
    /// </summary>
    private static void ZipAsAzd(string folder, string zipPath)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "local.settings.json") continue;
            var entry = zip.CreateEntry(Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Optimal);
            const int regularFile = 0x8000; // S_IFREG, as Go's FileHeader.SetMode writes it
            entry.ExternalAttributes = (regularFile | (int)File.GetUnixFileMode(file)) << 16;
            entry.LastWriteTime = File.GetLastWriteTime(file);
            using var to = entry.Open();
            using var from = File.OpenRead(file);
            from.CopyTo(to);
        }
    }

    private static string[] Entries()
    {
        using var zip = ZipFile.OpenRead(_package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private static bool IsUnder(string file, string folder) =>
        file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static async Task RunAsync(string command, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild variables would point the nested dotnet at the test run's build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', arguments)} took over {timeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
