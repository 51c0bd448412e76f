using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>Every request field is checked before anything is stored; nothing is left behind on a refusal; sizes stay bounded.</summary>
[TestClass]
public sealed class ImportInputTests
{
    private static ImportApp _app = null!;
    private static readonly BlobContainerClient Container = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient("imports");

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<string> FieldCode(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("code").GetString()!;
    }

    /// <summary>Source blobs written since <paramref name="since"/> that hold <paramref name="marker"/>.</summary>
    private static async Task<List<string>> SourcesWith(string marker, DateTimeOffset since)
    {
        var found = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync())
        {
            if (!blob.Name.Contains("/source.") || blob.Properties.LastModified < since) continue;
            var content = (await Container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            if (content.Contains(marker)) found.Add(blob.Name);
        }
        return found;
    }

    [TestMethod]
    public async Task A_100000_character_kind_is_422_and_leaves_no_blob()
    {
        await Container.CreateIfNotExistsAsync();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var marker = TestEnvironment.UniqueName("marker");
        var kind = new string('k', 100_000);

        var inline = await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind, rows = new[] { new { providerId = marker, number = "1" } } });
        Assert.AreEqual("import.kind_unknown", await FieldCode(inline));
        var upload = await _app.Client.PostAsync("/api/operator/imports", ImportApp.Csv($"providerId,number\n{marker},1\n", kind));
        Assert.AreEqual("import.kind_unknown", await FieldCode(upload));
        var jsonUpload = await _app.Client.PostAsync("/api/operator/imports", ImportApp.File(Encoding.UTF8.GetBytes($"{{\"accounts\":[{{\"providerId\":\"{marker}\"}}]}}"), kind, "a.json"));
        Assert.AreEqual("import.kind_unknown", await FieldCode(jsonUpload));
        var blob = await ImportStorage.UploadAsync($"providerId,number\n{marker},1\n");
        Assert.AreEqual("import.kind_unknown", await FieldCode(await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind, blob })));
        Assert.AreEqual("import.kind_required", await FieldCode(await _app.Client.PostAsJsonAsync("/api/operator/imports", new { rows = Array.Empty<object>() })));
        Assert.AreEqual("import.kind_unknown", await FieldCode(await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind = 5, rows = Array.Empty<object>() })));

        CollectionAssert.AreEqual(new List<string>(), await SourcesWith(marker, since), "nothing was stored for a refused request");
    }

    [TestMethod]
    public async Task File_names_formats_and_sizes_are_checked_before_storing()
    {
        var longName = new string('n', 300) + ".csv";
        Assert.AreEqual("import.file_name_invalid", await FieldCode(await _app.Client.PostAsync("/api/operator/imports", ImportApp.Csv("providerId,number\np,1\n", "accounts", longName))));
        var form = ImportApp.Csv("providerId,number\np,1\n", "accounts");
        form.Add(new StringContent(new string('f', 100_000)), "format");
        Assert.AreEqual("import.format_unknown", await FieldCode(await _app.Client.PostAsync("/api/operator/imports", form)));
        Assert.AreEqual("import.format_unknown", await FieldCode(await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = await ImportStorage.UploadAsync("providerId,number\n"), format = new string('f', 100_000) })));

        // With Imports:MaxFileBytes = 4096, an upload, an inline JSON and a referenced blob over it are refused.
        using var small = await ImportApp.StartAsync(new Dictionary<string, string?> { ["Imports:MaxFileBytes"] = "4096" });
        var big = "providerId,number\n" + string.Concat(Enumerable.Repeat("p,1234567890\n", 400));
        Assert.AreEqual("import.file_too_large", await FieldCode(await small.Client.PostAsync("/api/operator/imports", ImportApp.Csv(big, "accounts"))));
        Assert.AreEqual("import.file_too_large", await FieldCode(await small.Client.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = await ImportStorage.UploadAsync(big) })));
        Assert.AreEqual("import.file_too_large", await FieldCode(await small.Client.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", rows = Enumerable.Range(0, 400).Select(i => new { providerId = "p", number = i.ToString("D10") }) })));
        Assert.AreEqual("import.file_empty", await FieldCode(await _app.Client.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = await ImportStorage.UploadAsync("") })));
        var p = await TestData.ProviderAsync(_app);
        ImportAssert.Done(await _app.ImportCsvAsync("accounts", $"providerId,number\n{p},S-1\n"), 1);
    }

    [TestMethod]
    public async Task A_row_error_with_a_huge_field_name_is_stored_cut_and_the_import_completes()
    {
        var p = await TestData.ProviderAsync(_app);
        var name = new string('q', 40_000); // 80 KB as a table property: over the 64 KB a property may hold
        var body = $"{{\"kind\":\"accounts\",\"rows\":[{{\"providerId\":\"{p}\",\"number\":\"H-1\"}},{{\"providerId\":\"{p}\",\"{name}\":\"x\"}}]}}";

        var status = await _app.RunAsync(new StringContent(body, Encoding.UTF8, "application/json"));

        ImportAssert.Done(status, accepted: 1, rejected: 1);
        var error = status.GetProperty("errors")[0];
        Assert.AreEqual("import.field_unknown", error.GetProperty("code").GetString());
        Assert.AreEqual(100, error.GetProperty("field").GetString()!.Length);
        Assert.AreEqual(0, status.GetProperty("restarts").GetInt32());
    }
}
