using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// An in-process Kabinet with its own first operator, signed in. Imports it starts are processed by the
/// shared LocalHost (it works the imports queue for every test), so waiting polls GET /api/operator/imports/{id}.
/// </summary>
public sealed class ImportApp : TestApp
{
    public const string OperatorPassword = "Operat0rPass";

    private ImportApp(string login, IDictionary<string, string?>? settings)
        : base(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Auth:OperatorLogin"] = login,
            ["Auth:OperatorPassword"] = OperatorPassword,
        }, ownAddress: true)
    {
    }

    public string Token { get; private set; } = "";

    public static async Task<ImportApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var login = TestUsers.NewEmail();
        var app = new ImportApp(login, settings);
        var tokens = await (await app.Client.Post("/api/auth/login", new { login, password = OperatorPassword })).AssertStatus(HttpStatusCode.OK);
        app.Token = tokens.GetProperty("accessToken").GetString()!;
        app.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token);
        await SharedKabinetHost.GetAsync(); // it works the imports queue
        return app;
    }

    public static MultipartFormDataContent Csv(string text, string? kind, string fileName = "data.csv", bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return File(bytes, kind, fileName);
    }

    public static MultipartFormDataContent File(byte[] bytes, string? kind, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".json") ? "application/json" : "text/csv");
        form.Add(file, "file", fileName);
        if (kind is not null) form.Add(new StringContent(kind), "kind");
        return form;
    }

    /// <summary>Posts the content and returns the import id of the 202.</summary>
    public async Task<string> StartAsync(HttpContent content)
    {
        var response = await Client.PostAsync("/api/operator/imports", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, text);
        var id = JsonDocument.Parse(text).RootElement.GetProperty("importId").GetString()!;
        Assert.AreEqual($"/api/operator/imports/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    public Task<JsonElement> ImportCsvAsync(string kind, string csv) => RunAsync(Csv(csv, kind));

    public Task<JsonElement> ImportJsonAsync(object body) => RunAsync(JsonContent.Create(body));

    public async Task<JsonElement> RunAsync(HttpContent content, TimeSpan? timeout = null) => await WaitAsync(await StartAsync(content), timeout);

    /// <summary>Polls the import until it is done or failed (60 s unless told).</summary>
    public async Task<JsonElement> WaitAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = await GetAsync(id);
            var s = status.GetProperty("status").GetString();
            if (s is "done" or "failed") return status;
            if (DateTime.UtcNow > deadline) Assert.Fail($"import {id} still {s} after the timeout: {status}");
            await Task.Delay(200);
        }
    }

    public async Task<JsonElement> GetAsync(string id, string? query = null)
    {
        var response = await Client.GetAsync($"/api/operator/imports/{id}{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Direct reads of what imports wrote, and blob uploads as an operator with storage access does them.</summary>
public static class ImportStorage
{
    private static readonly TableServiceClient Tables = new(TestEnvironment.StorageConnectionString);
    private static readonly BlobServiceClient Blobs = new(TestEnvironment.StorageConnectionString);

    public static TableClient Table(string name) => Tables.GetTableClient(name);

    public static async Task<string> UploadAsync(string text, string extension = ".csv")
    {
        var container = Blobs.GetBlobContainerClient("imports");
        await container.CreateIfNotExistsAsync();
        var name = $"uploads/{TestEnvironment.UniqueName("file")}{extension}";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text));
        return "imports/" + name;
    }

    public static async Task<TableEntity?> FindAsync(string table, string pk, string rk)
    {
        var r = await Table(table).GetEntityIfExistsAsync<TableEntity>(pk, rk);
        return r.HasValue ? r.Value : null;
    }

    public static async Task<List<TableEntity>> PartitionAsync(string table, string pk)
    {
        var list = new List<TableEntity>();
        await foreach (var e in Table(table).QueryAsync<TableEntity>(x => x.PartitionKey == pk)) list.Add(e);
        return list;
    }

    /// <summary>Everything of the entities but Timestamp and ETag, as a stable string: "the same contents".</summary>
    public static string Snapshot(IEnumerable<TableEntity> entities) =>
        string.Join("\n", entities.OrderBy(e => e.PartitionKey).ThenBy(e => e.RowKey).Select(e =>
            e.PartitionKey + "/" + e.RowKey + ":" + string.Join(",", e.Keys.Where(k => k is not ("Timestamp" or "odata.etag" or "PartitionKey" or "RowKey")).Order()
                .Select(k => $"{k}={Format(e[k])}"))));

    private static string Format(object? value) => value switch
    {
        DateTimeOffset d => d.ToUniversalTime().ToString("O"),
        null => "null",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Assertions on an import's status body.</summary>
public static class ImportAssert
{
    public static void Done(JsonElement status, int accepted, int rejected = 0)
    {
        Assert.AreEqual("done", status.GetProperty("status").GetString(), status.ToString());
        Assert.AreEqual(accepted, status.GetProperty("accepted").GetInt32(), status.ToString());
        Assert.AreEqual(rejected, status.GetProperty("rejected").GetInt32(), status.ToString());
        Assert.AreEqual(accepted + rejected, status.GetProperty("rowsTotal").GetInt32(), status.ToString());
        Assert.AreEqual(accepted + rejected, status.GetProperty("rowsDone").GetInt32(), status.ToString());
    }

    public static void Failed(JsonElement status, string code)
    {
        Assert.AreEqual("failed", status.GetProperty("status").GetString(), status.ToString());
        Assert.AreEqual(code, status.GetProperty("failure").GetProperty("code").GetString(), status.ToString());
        Assert.IsFalse(string.IsNullOrEmpty(status.GetProperty("failure").GetProperty("message").GetString()));
    }

    /// <summary>(row, code, field) of each reported error.</summary>
    public static List<(int Row, string Code, string? Field)> Errors(JsonElement status) =>
        status.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("code").GetString()!, e.GetProperty("field").GetString()))
            .ToList();
}

/// <summary>A provider (with an electricity service) for a test, unique to it.</summary>
public static class TestData
{
    public static async Task<string> ProviderAsync(ImportApp app, string timeZone = "Asia/Omsk")
    {
        var id = TestEnvironment.UniqueName("prov");
        ImportAssert.Done(await app.ImportJsonAsync(new
        {
            providers = new[] { new { providerId = id, name = "Омскэнергосбыт", timeZone } },
            services = new[] { new { providerId = id, service = "electricity", name = "Электроэнергия", unit = "kWh", kind = "metered" } },
        }), 2);
        return id;
    }
}
