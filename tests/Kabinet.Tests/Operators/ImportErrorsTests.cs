using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Tests.Auth;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>Bad rows, bad files, bad requests and strangers: reported precisely, never a 5xx, good rows still land.</summary>
[TestClass]
public sealed class ImportErrorsTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    [TestMethod]
    public async Task Bad_rows_are_reported_with_row_and_line_while_good_rows_land()
    {
        var p = await TestData.ProviderAsync(_app);
        var csv = "providerId,number,holderName,rooms,area,openingBalance\n" +
                  $"{p},G-1,Хороший,2,50.5,100\n" +          // row 1, line 2
                  $"{p},G-2,\"Дробные, копейки\",1,30,10.5\n" + // row 2, line 3: fractional kopecks
                  $"{p},G-3,Много,1,30,10000000000000\n" +     // row 3: over 1e12
                  $"{p},,Без номера,1,30,0\n" +                // row 4: number missing
                  "nosuchprovider,G-5,Чужой,1,30,0\n" +         // row 5: unknown provider
                  $"{p},G-6,\"Две\nстроки\",abc,30,0\n" +      // row 6, line 7 (spans 7-8): rooms not a number
                  $"{p},G-7,Лишнее поле,1,30,0,extra\n" +      // row 7, line 9: field count
                  $"{p},G/8,Слэш,1,30,0\n" +                   // row 8: key character
                  $"{p},G-9,Площадь,1,12.345678,0\n" +         // row 9: too many fraction digits
                  $"{p},G-10,Хороший тоже,1,,-250\n";          // row 10: good (negative opening balance is a prepayment)

        var status = await _app.ImportCsvAsync("accounts", csv);

        ImportAssert.Done(status, accepted: 2, rejected: 8);
        CollectionAssert.AreEqual(new[]
        {
            (2, "import.kopecks_fractional", (string?)"openingBalance"),
            (3, "import.number_out_of_range", "openingBalance"),
            (4, "import.field_required", "number"),
            (5, "import.provider_unknown", "providerId"),
            (6, "import.number_invalid", "rooms"),
            (7, "import.csv_field_count", "7/6"),
            (8, "import.key_invalid", "number"),
            (9, "import.too_many_fraction_digits", "area"),
        }, ImportAssert.Errors(status).ToArray());
        var errors = status.GetProperty("errors").EnumerateArray().ToList();
        Assert.AreEqual(3, errors[0].GetProperty("line").GetInt32());
        Assert.AreEqual(4, errors[1].GetProperty("line").GetInt32());
        Assert.AreEqual(7, errors[4].GetProperty("line").GetInt32());
        Assert.AreEqual(9, errors[5].GetProperty("line").GetInt32());
        Assert.AreEqual("10.5", errors[0].GetProperty("value").GetString());
        Assert.AreEqual("Сумма указывается в копейках целым числом.", errors[0].GetProperty("message").GetString());
        Assert.IsNotNull(await ImportStorage.FindAsync("accounts", AccountIds.For(p, "G-1"), "account"));
        Assert.AreEqual(-250L, (await ImportStorage.FindAsync("accounts", AccountIds.For(p, "G-10"), "account"))!["Balance"]);
        Assert.IsNull(await ImportStorage.FindAsync("accounts", AccountIds.For(p, "G-2"), "account"));

        var english = new HttpRequestMessage(HttpMethod.Get, $"/api/operator/imports/{status.GetProperty("importId").GetString()}");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var en = await (await _app.Client.SendAsync(english)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("Amounts are whole kopecks.", en.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [TestMethod]
    public async Task Rows_referencing_unknown_accounts_meters_and_services_are_errors()
    {
        var p = await TestData.ProviderAsync(_app);
        ImportAssert.Done(await _app.ImportJsonAsync(new
        {
            accounts = new[] { new { providerId = p, number = "R-1" }, new { providerId = p, number = "R-2" } },
            meters = new object[]
            {
                new { providerId = p, accountNumber = "R-1", serial = "X1", zoneSet = "day-night", digits = 5 },
                new { providerId = p, accountNumber = "R-2", serial = "X1", zoneSet = "T1", digits = 5 }, // serial of another account
                new { providerId = p, accountNumber = "R-9", serial = "X9", zoneSet = "T1", digits = 5 }, // no such account
                new { providerId = p, accountNumber = "R-2", serial = "X2", zoneSet = "T1", digits = 5, service = "gas" }, // no such service
            },
        }), accepted: 3, rejected: 3);

        var status = await _app.ImportJsonAsync(new
        {
            payments = new object[]
            {
                new { providerId = p, accountNumber = "R-404", date = "2026-01-01", amount = 100, documentNumber = "1" },
                new { providerId = p, accountNumber = "R-1", date = "2026-01-01", amount = 0, documentNumber = "2" },
                new { providerId = p, accountNumber = "R-1", date = "2026-02-30", amount = 10, documentNumber = "3" },
            },
            bills = new object[] { new { providerId = p, accountNumber = "R-1", period = "2026-13", total = 100 } },
            readings = new object[]
            {
                new { providerId = p, accountNumber = "R-1", serial = "X1", date = "2026-01-25", day = 100, night = 50 },
                new { providerId = p, accountNumber = "R-1", serial = "X1", date = "2026-01-26", T1 = 100 },
                new { providerId = p, accountNumber = "R-1", serial = "X1", date = "2026-01-27", day = 100000, night = 1 },
                new { providerId = p, accountNumber = "R-1", serial = "X1", date = "2026-01-28", day = 1.5, night = 1 },
                new { providerId = p, accountNumber = "R-2", serial = "X1", date = "2026-01-25", T1 = 1 },
            },
        });

        ImportAssert.Done(status, accepted: 1, rejected: 8);
        CollectionAssert.AreEqual(new[]
        {
            (1, "import.account_unknown", (string?)"accountNumber"),
            (2, "import.amount_not_positive", "amount"),
            (3, "import.date_invalid", "date"),
            (4, "import.period_invalid", "period"),
            (6, "import.reading_zones_mismatch", "T1"),
            (7, "import.reading_exceeds_digits", "day"),
            (8, "import.too_many_fraction_digits", "day"),
            (9, "import.meter_unknown", "serial"),
        }, ImportAssert.Errors(status).ToArray());
        Assert.AreEqual("payments", status.GetProperty("errors")[0].GetProperty("kind").GetString());
        Assert.AreEqual(2, status.GetProperty("errors")[4].GetProperty("index").GetInt32(), "position within the readings section");
    }

    [TestMethod]
    public async Task Tariff_and_provider_rules()
    {
        var p = await TestData.ProviderAsync(_app);
        var status = await _app.ImportJsonAsync(new
        {
            providers = new object[]
            {
                new { providerId = TestEnvironment.UniqueName("prov"), name = "Зона", timeZone = "Mars/Olympus" },
                new { providerId = TestEnvironment.UniqueName("prov"), name = "День", readingsDay = 31 },
            },
            tariffs = new object[]
            {
                new { providerId = p, service = "electricity", zoneSet = "day-night", effectiveFrom = "2026-01-01", bandUpTo = 100, day = 1, night = 1 },
                new { providerId = p, service = "electricity", zoneSet = "day-night", effectiveFrom = "2026-01-01", bandUpTo = 100, day = 2, night = 2 },
                new { providerId = p, service = "electricity", zoneSet = "T1", effectiveFrom = "2026-01-01", T1 = 5.12345 },
                new { providerId = p, service = "electricity", zoneSet = "T1", effectiveFrom = "2026-02-01", T1 = 5, night = 3 },
                new { providerId = p, service = "water", zoneSet = "T1", effectiveFrom = "2026-01-01", T1 = 5 },
                new { providerId = p, service = "electricity", zoneSet = "day-night", effectiveFrom = "2026-03-01", day = 5, night = 3, zoneHours = "{\"day\":[\"07:00-22:00\"],\"night\":[\"23:00-07:00\"]}" },
            },
        });

        ImportAssert.Done(status, accepted: 0, rejected: 8);
        CollectionAssert.AreEqual(new[]
        {
            (1, "import.timezone_unknown", (string?)"timeZone"),
            (2, "import.number_out_of_range", "readingsDay"),
            (3, "import.tariff_incomplete", null),
            (4, "import.tariff_bands_invalid", "bandUpTo"),
            (5, "import.too_many_fraction_digits", "T1"),
            (6, "import.zone_not_in_set", "night"),
            (7, "import.service_unknown", "service"),
            (8, "import.zone_hours_invalid", "zoneHours"),
        }, ImportAssert.Errors(status).ToArray());
    }

    [TestMethod]
    public async Task Files_that_cannot_be_read_fail_the_import_with_a_reason()
    {
        ImportAssert.Failed(await _app.RunAsync(ImportApp.Csv("providerId,holderName\nx,y\n", "accounts")), "import.csv_columns_missing");
        var unknown = await _app.RunAsync(ImportApp.Csv("providerId,number,colour\nx,y,z\n", "accounts"));
        ImportAssert.Failed(unknown, "import.csv_column_unknown");
        Assert.AreEqual("colour", unknown.GetProperty("failure").GetProperty("detail").GetString());
        ImportAssert.Failed(await _app.RunAsync(ImportApp.Csv("  \n", "accounts")), "import.csv_empty");
        ImportAssert.Failed(await _app.RunAsync(ImportApp.File(Encoding.UTF8.GetBytes("{\"accounts\": [1, 2"), null, "a.json")), "import.json_invalid");
        // {"kind", "rows"} with an unknown kind is refused up front (422 import.kind_unknown, see ImportInputTests).
        ImportAssert.Failed(await _app.ImportJsonAsync(new { accounts = Array.Empty<object>(), planets = Array.Empty<object>() }), "import.section_unknown");
        ImportAssert.Failed(await _app.ImportJsonAsync(new { accounts = "no" }), "import.json_shape");
        var cp1251 = new byte[] { 0x70, 0x72, 0x6F, 0x76, 0x69, 0x64, 0x65, 0x72, 0x49, 0x64, 0x2C, 0x6E, 0x75, 0x6D, 0x62, 0x65, 0x72, 0x0A, 0x78, 0x2C, 0xC8, 0xE2, 0xE0, 0xED, 0x0A }; // "Иван" in Windows-1251
        ImportAssert.Failed(await _app.RunAsync(ImportApp.File(cp1251, "accounts", "a.csv")), "import.encoding_invalid");
    }

    [TestMethod]
    public async Task An_empty_file_with_a_header_is_done_with_no_rows()
    {
        var status = await _app.ImportCsvAsync("accounts", "providerId,number\n");

        ImportAssert.Done(status, 0);
        Assert.AreEqual(1.0, status.GetProperty("progress").GetDouble());
    }

    [TestMethod]
    public async Task Bad_requests_are_4xx_with_codes()
    {
        var c = _app.Client;
        await (await c.PostAsync("/api/operator/imports", ImportApp.Csv("a,b\n", null))).AssertProblem(HttpStatusCode.UnprocessableEntity, "request.validation_failed");
        Assert.AreEqual("import.kind_required", (await ((await c.PostAsync("/api/operator/imports", ImportApp.Csv("a,b\n", null))).Json())).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.AreEqual("import.kind_unknown", (await (await c.PostAsync("/api/operator/imports", ImportApp.Csv("a,b\n", "planets"))).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.AreEqual("import.file_empty", (await (await c.PostAsync("/api/operator/imports", ImportApp.Csv("", "accounts"))).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        var noFile = new MultipartFormDataContent { { new StringContent("accounts"), "kind" } };
        Assert.AreEqual("import.file_required", (await (await c.PostAsync("/api/operator/imports", noFile)).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.AreEqual("import.blob_invalid", (await (await c.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = "azure-webjobs-hosts/x.csv" })).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.AreEqual("import.blob_invalid", (await (await c.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = "imports/../x.csv" })).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.AreEqual("import.blob_not_found", (await (await c.PostAsJsonAsync("/api/operator/imports", new { kind = "accounts", blob = "imports/nope/none.csv" })).Json()).GetProperty("errors")[0].GetProperty("code").GetString());
        await (await c.PostAsync("/api/operator/imports", new StringContent("{not json", Encoding.UTF8, "application/json"))).AssertProblem(HttpStatusCode.BadRequest, "request.malformed_json");
        await (await c.PostAsync("/api/operator/imports", new StringContent("a,b", Encoding.UTF8, "text/csv"))).AssertProblem(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
        await (await c.PostAsync("/api/operator/imports", new StringContent("[1,2]", Encoding.UTF8, "application/json"))).AssertProblem(HttpStatusCode.UnprocessableEntity, "request.validation_failed");
        await (await c.GetAsync("/api/operator/imports/nosuchimport")).AssertProblem(HttpStatusCode.NotFound, "import.not_found");
        await (await c.GetAsync("/api/operator/imports/bad%2Fid%3F")).AssertProblem(HttpStatusCode.NotFound, "import.not_found");
    }

    [TestMethod]
    public async Task Garbage_never_gets_a_5xx()
    {
        var random = new Random(42);
        var bodies = new List<HttpContent>();
        for (var i = 0; i < 10; i++)
        {
            var bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            bodies.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
            bodies.Add(new ByteArrayContent(bytes) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz") } });
            bodies.Add(ImportApp.File(bytes, "accounts", "x.csv"));
        }
        bodies.Add(new StringContent("{\"blob\": 12, \"kind\": []}", Encoding.UTF8, "application/json"));
        bodies.Add(new StringContent("{\"blob\": \"imports/\"}", Encoding.UTF8, "application/json"));
        bodies.Add(new StringContent("null", Encoding.UTF8, "application/json"));
        bodies.Add(new StringContent("{\"accounts\":[{\"providerId\":{\"deep\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}}]}", Encoding.UTF8, "application/json"));
        bodies.Add(new StringContent("{\"accounts\":[{\"providerId\":1e400,\"number\":-0}]}", Encoding.UTF8, "application/json"));
        var started = new List<string>();
        foreach (var body in bodies)
        {
            var response = await _app.Client.PostAsync("/api/operator/imports", body);
            Assert.IsTrue((int)response.StatusCode < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Accepted) started.Add((await response.Json()).GetProperty("importId").GetString()!);
        }
        foreach (var id in started)
        {
            var status = await _app.WaitAsync(id);
            Assert.IsTrue(status.GetProperty("status").GetString() is "done" or "failed", status.ToString());
        }
        foreach (var query in new[] { "?errorsCursor=abc", "?errorsCursor=-1", "?errorsCursor=99999999999999" })
            Assert.IsTrue((int)(await _app.Client.GetAsync($"/api/operator/imports/{started.FirstOrDefault() ?? "x"}{query}")).StatusCode < 500);
    }

    [TestMethod]
    public async Task Only_operators_may_import()
    {
        using var anonymous = _app.Factory.CreateClient();
        await (await anonymous.PostAsync("/api/operator/imports", ImportApp.Csv("providerId,number\n", "accounts"))).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");
        await (await anonymous.GetAsync("/api/operator/imports/abc")).AssertProblem(HttpStatusCode.Unauthorized, "auth.unauthorized");

        using var customerClient = _app.Factory.CreateClient();
        customerClient.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.78.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}");
        var customer = await TestUsers.RegisterAsync(customerClient);
        customerClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", customer.AccessToken);
        await (await customerClient.PostAsync("/api/operator/imports", ImportApp.Csv("providerId,number\n", "accounts"))).AssertProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await customerClient.GetAsync("/api/operator/imports/abc")).AssertProblem(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [TestMethod]
    public async Task Errors_are_paged_and_capped_but_all_counted()
    {
        var p = await TestData.ProviderAsync(_app);
        var csv = new StringBuilder("providerId,number,openingBalance\n");
        for (var i = 1; i <= 1100; i++) csv.Append($"{p},E-{i},{(i % 500 == 0 ? "1" : "x")}\n");

        var status = await _app.RunAsync(ImportApp.Csv(csv.ToString(), "accounts"));

        ImportAssert.Done(status, accepted: 2, rejected: 1098);
        Assert.AreEqual(1000, status.GetProperty("errorsStored").GetInt32());
        Assert.AreEqual(100, status.GetProperty("errors").GetArrayLength());
        var seen = status.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).ToList();
        var cursor = status.GetProperty("nextErrorsCursor").GetString();
        while (cursor is not null)
        {
            var page = await _app.GetAsync(status.GetProperty("importId").GetString()!, "?errorsCursor=" + cursor);
            seen.AddRange(page.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()));
            cursor = page.GetProperty("nextErrorsCursor").GetString();
        }
        Assert.AreEqual(1000, seen.Count);
        CollectionAssert.AreEqual(seen.Order().ToList(), seen);
        Assert.AreEqual(1, seen[0]);
        Assert.IsFalse(seen.Contains(500));
    }
}
