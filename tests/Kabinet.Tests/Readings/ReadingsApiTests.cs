using System.Net;
using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Tests.Accounts;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Readings;

/// <summary>Meters and readings over HTTP, on a clock the tests set (the provider is in Asia/Omsk, UTC+6).</summary>
[TestClass]
public sealed class ReadingsApiTests
{
    private static readonly TestClock Clock = new();
    private static TestUser _user = null!;
    private static TestUser _other = null!;
    private static readonly TestApp App = new(clock: Clock);
    private static HttpClient _client => App.Client;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        // Users are minted on the real clock; their tokens are checked against the real clock too.
        _user = await App.MintAsync();
        _other = await App.MintAsync();
    }

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    /// <summary>2026-11-20 12:00 in Omsk.</summary>
    private static readonly DateTimeOffset Noon20 = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task Meters_list_zones_last_readings_window_and_why_not()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var t1 = await ReadingsData.MeterAsync(accountId);
        var remote = await ReadingsData.MeterAsync(accountId, remote: true);
        var expired = await ReadingsData.MeterAsync(accountId, verifiedUntil: "2026-01-01");
        var three = await ReadingsData.MeterAsync(accountId, "peak-semipeak-night");
        await ReadingsData.ReadingAsync(accountId, t1, "2026-10-25", """{"T1":"1000"}""", "billed");
        await ReadingsData.ReadingAsync(accountId, t1, "2026-11-02", """{"T1":"1100"}""", "withdrawn", "web");
        await ReadingsData.ReadingAsync(accountId, three, "2026-10-25", """{"peak":"10","semipeak":"20.5","night":"30"}""");

        var r = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/meters");
        Assert.AreEqual(HttpStatusCode.OK, r.Status, r.Describe());
        var meters = r.Items.ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.AreEqual(6, meters.Count, "four added, the seeded day-night and decommissioned ones");

        var m1 = meters[t1];
        Assert.IsTrue(m1.GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual(t1, m1.GetProperty("serial").GetString());
        Assert.IsFalse(m1.TryGetProperty("lastReadings", out _), "one name for the last reading");
        var last = m1.GetProperty("lastReading");
        Assert.AreEqual(1000m, last.GetProperty("values").GetProperty("T1").GetDecimal(), "a withdrawn reading is not the last one");
        Assert.AreEqual("2026-10-25", last.GetProperty("date").GetString());
        Assert.AreEqual("billed", last.GetProperty("status").GetString());
        var window = m1.GetProperty("window");
        Assert.AreEqual("Asia/Omsk", window.GetProperty("timeZone").GetString());
        Assert.AreEqual(25, window.GetProperty("readingsDay").GetInt32());
        Assert.AreEqual("2026-11-20", window.GetProperty("today").GetString());
        Assert.AreEqual("2026-11", window.GetProperty("period").GetString());

        Assert.IsFalse(meters[remote].GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual("remote_read", meters[remote].GetProperty("reason").GetString());
        var old = meters.Values.Single(m => m.GetProperty("state").GetString() == "decommissioned");
        Assert.IsFalse(old.GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual("decommissioned", old.GetProperty("reason").GetString());
        Assert.IsTrue(meters[expired].GetProperty("canSubmit").GetBoolean());
        Assert.AreEqual("verification_expired", meters[expired].GetProperty("warnings")[0].GetString());

        var zones = meters[three].GetProperty("lastReading").GetProperty("values").EnumerateObject().ToDictionary(z => z.Name, z => z.Value.GetDecimal());
        CollectionAssert.AreEquivalent(new[] { "peak", "semipeak", "night" }, zones.Keys.ToArray());
        Assert.AreEqual(20.5m, zones["semipeak"]);
        var day = meters.Values.Single(m => m.GetProperty("zoneSet").GetString() == "day-night");
        Assert.AreEqual(JsonValueKind.Null, day.GetProperty("lastReading").ValueKind);
    }

    [TestMethod]
    public async Task A_meter_is_addressed_by_its_id_where_its_key_differs_from_the_printed_serial()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var key = "K" + Guid.NewGuid().ToString("N")[..8];
        var printed = key[..3] + "-" + key[3..];
        await AccountData.Tables.Accounts.UpsertEntityAsync(new MeterEntity
        {
            PartitionKey = accountId, RowKey = MeterEntity.RowFor(key), Serial = printed, Model = "Нева", ZoneSet = "T1", Digits = 6, VerifiedUntil = "2035-01-01",
        });

        var meters = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/meters");
        var meter = meters.Items.Single(m => m.GetProperty("serial").GetString() == printed);
        Assert.AreEqual(key, meter.GetProperty("id").GetString(), "the id is what the paths take");
        var r = await _client.SubmitAsync(_user, accountId, meter.GetProperty("id").GetString()!, new { T1 = 100 });
        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        Assert.AreEqual($"/api/accounts/{accountId}/meters/{key}/readings/2026-11-20", r.Raw.Headers.Location?.ToString());
        var details = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}");
        Assert.AreEqual(key, details.Body.GetProperty("meters").EnumerateArray().Single(m => m.GetProperty("serial").GetString() == printed).GetProperty("id").GetString());
    }

    [TestMethod]
    public async Task Accepted_reading_answers_201_with_the_estimate_since_the_last_billed_reading()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id, balance: 22672);
        var t1 = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.HistoryAsync(accountId, t1, 4, 1000, 300, lastStatus: "billed"); // 1000, 1300, 1600, 1900 on 2026-10-25

        var r = await _client.SubmitAsync(_user, accountId, t1, new { T1 = "2200" });
        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        Assert.AreEqual($"/api/accounts/{accountId}/meters/{t1}/readings/2026-11-20", r.Raw.Headers.Location?.ToString());
        var reading = r.Body.GetProperty("reading");
        Assert.AreEqual("2026-11-20", reading.GetProperty("id").GetString());
        Assert.AreEqual("2026-11-20", reading.GetProperty("date").GetString());
        Assert.AreEqual("2026-11", reading.GetProperty("period").GetString());
        Assert.AreEqual("accepted", reading.GetProperty("status").GetString());
        Assert.AreEqual("web", reading.GetProperty("channel").GetString());
        Assert.AreEqual(2200m, reading.GetProperty("values").GetProperty("T1").GetDecimal());
        var estimate = r.Body.GetProperty("estimate");
        Assert.AreEqual(300m, estimate.GetProperty("consumptionByZone").GetProperty("T1").GetDecimal());
        Assert.AreEqual(150000, estimate.GetProperty("amount").GetInt64(), "300 kWh × 5.00 ₽");
        Assert.AreEqual(172672, estimate.GetProperty("amountDue").GetInt64(), "the debt of 226,72 ₽ and this 1500 ₽");
        Assert.AreEqual(0, estimate.GetProperty("overpayment").GetInt64());
        Assert.IsFalse(estimate.TryGetProperty("balance", out _), "no bare signed balance");
        Assert.IsFalse(estimate.TryGetProperty("amountToPay", out _));
        Assert.AreEqual("2026-01-01", estimate.GetProperty("tariffEffectiveFrom").GetString());
        var line = estimate.GetProperty("lines").EnumerateArray().Single();
        Assert.AreEqual("T1", line.GetProperty("zone").GetString());
        Assert.AreEqual(150000, line.GetProperty("amount").GetInt64());
        Assert.AreEqual(300m, line.GetProperty("quantity").GetDecimal());
        Assert.AreEqual(5.00m, line.GetProperty("ratePerUnitRub").GetDecimal(), "the rate in roubles, and named so");
        Assert.IsFalse(line.TryGetProperty("rate", out _));

        var rows = await ReadingsData.RowsAsync(accountId, t1);
        Assert.AreEqual(5, rows.Count);
    }

    [TestMethod]
    public async Task A_prepayment_larger_than_the_estimate_stays_an_overpayment()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id, balance: -200000);
        var t1 = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.HistoryAsync(accountId, t1, 4, 1000, 300, lastStatus: "billed");

        var r = await _client.SubmitAsync(_user, accountId, t1, new { T1 = "2200" });

        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        var estimate = r.Body.GetProperty("estimate");
        Assert.AreEqual(150000, estimate.GetProperty("amount").GetInt64(), "300 kWh × 5.00 ₽");
        Assert.AreEqual(0, estimate.GetProperty("amountDue").GetInt64(), "2000 ₽ prepaid cover it");
        Assert.AreEqual(50000, estimate.GetProperty("overpayment").GetInt64(), "500 ₽ stay prepaid");
        var account = await _client.SendAsync(_user, HttpMethod.Get, "/api/accounts/" + accountId);
        Assert.AreEqual(-200000, account.Body.GetProperty("balance").GetInt64(), "a reading does not change the balance");
        Assert.AreEqual(0, account.Body.GetProperty("amountDue").GetInt64());
        Assert.AreEqual(200000, account.Body.GetProperty("overpayment").GetInt64());
    }

    [TestMethod]
    public async Task Two_zone_reading_is_priced_zone_by_zone()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id, balance: -10000);
        var meters = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/meters");
        var serial = meters.Items.Single(m => m.GetProperty("zoneSet").GetString() == "day-night").GetProperty("id").GetString()!;
        await ReadingsData.ReadingAsync(accountId, serial, "2026-10-25", """{"day":"1000","night":"500"}""", "billed");

        var r = await _client.SubmitAsync(_user, accountId, serial, new { day = "1100.5", night = 550 });
        Assert.AreEqual(HttpStatusCode.Created, r.Status, r.Describe());
        var estimate = r.Body.GetProperty("estimate");
        Assert.AreEqual(100.5m, estimate.GetProperty("consumptionByZone").GetProperty("day").GetDecimal());
        Assert.AreEqual(50m, estimate.GetProperty("consumptionByZone").GetProperty("night").GetDecimal());
        var lines = estimate.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("zone").GetString()!, l => l.GetProperty("amount").GetInt64());
        Assert.AreEqual(61305, lines["day"], "100.5 × 6.10 ₽");
        Assert.AreEqual(16000, lines["night"], "50 × 3.20 ₽");
        Assert.AreEqual(77305, estimate.GetProperty("amount").GetInt64());
        Assert.AreEqual(67305, estimate.GetProperty("amountDue").GetInt64(), "the prepayment is taken off");
        Assert.AreEqual(0, estimate.GetProperty("overpayment").GetInt64());
    }

    [TestMethod]
    public async Task Three_zone_meter_with_one_bad_zone_and_every_failure_listed()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var three = await ReadingsData.MeterAsync(accountId, "peak-semipeak-night", digits: 5, fraction: 1);

        var r = await _client.SubmitAsync(_user, accountId, three, new { peak = 100.5, semipeak = "200,5", night = 123456 });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual("request.validation_failed", r.Code);
        var night = r.ErrorOf("values.night");
        Assert.AreEqual("reading.too_many_digits", night.GetProperty("code").GetString());
        Assert.AreEqual(99999.9m, night.GetProperty("data").GetProperty("max").GetDecimal());
        Assert.AreEqual(0m, night.GetProperty("data").GetProperty("min").GetDecimal());
        Assert.AreEqual(1, r.Errors.Count);

        var all = await _client.SubmitAsync(_user, accountId, three, new { peak = -1, semipeak = "abc", day = 5, night = 1.25 });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, all.Status, all.Describe());
        CollectionAssert.AreEquivalent(new[]
        {
            ("values.peak", "reading.negative"), ("values.semipeak", "reading.not_a_number"),
            ("values.night", "reading.too_many_fraction_digits"), ("values.day", "reading.zones_mismatch"),
        }, all.Errors.ToArray());

        var missing = await _client.SubmitAsync(_user, accountId, three, new { peak = 1 });
        CollectionAssert.AreEquivalent(new[] { ("values.semipeak", "reading.zones_mismatch"), ("values.night", "reading.zones_mismatch") }, missing.Errors.ToArray());

        var english = new HttpRequestMessage(HttpMethod.Post, $"/api/accounts/{accountId}/meters/{three}/readings");
        english.Headers.Authorization = new("Bearer", _user.AccessToken);
        english.Headers.AcceptLanguage.ParseAdd("en");
        english.Content = new StringContent("""{"values":{"peak":1,"semipeak":2,"night":true}}""", System.Text.Encoding.UTF8, "application/json");
        var en = await _client.SendAsync(english);
        var enBody = JsonDocument.Parse(await en.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual("The reading must be a number.", enBody.GetProperty("errors")[0].GetProperty("detail").GetString());

        foreach (var body in new[] { "{", """{"values":[1,2]}""", """{"values":{"peak":1},"confirmImplausible":"yes"}""", "null" })
        {
            var bad = await _client.SendAsync(_user, HttpMethod.Post, $"/api/accounts/{accountId}/meters/{three}/readings",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.IsTrue((int)bad.Status is 400 or 422, $"{body}: {bad.Describe()}");
        }
        Assert.AreEqual(0, (await ReadingsData.RowsAsync(accountId, three)).Count);
    }

    [TestMethod]
    public async Task Rollover_at_the_capacity_edge_is_accepted_and_a_smaller_value_otherwise_refused()
    {
        Clock.Now = Noon20.AddDays(5); // 31 days after the last reading
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId, digits: 4);
        await ReadingsData.HistoryAsync(accountId, meter, 5, 9450, 100, digits: 4); // … 9850 on 2026-10-25

        var typo = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 9000 });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, typo.Status, typo.Describe());
        var error = typo.ErrorOf("values.T1");
        Assert.AreEqual("reading.less_than_previous", error.GetProperty("code").GetString());
        Assert.AreEqual(9850m, error.GetProperty("data").GetProperty("min").GetDecimal());

        var rolled = await _client.SubmitAsync(_user, accountId, meter, new { T1 = "0" });
        Assert.AreEqual(HttpStatusCode.Created, rolled.Status, rolled.Describe());
        Assert.AreEqual(250m, rolled.Body.GetProperty("estimate").GetProperty("consumptionByZone").GetProperty("T1").GetDecimal(), "9750 (billed) → 9999 → 0");
    }

    [TestMethod]
    public async Task Implausible_reading_is_refused_with_the_range_then_accepted_for_review_when_confirmed()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.HistoryAsync(accountId, meter, 5, 1000, 300); // ~10 kWh a day, 1000 … 2200 on 2026-10-25

        var high = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 9000 });
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, high.Status, high.Describe());
        Assert.AreEqual("reading.implausible", high.Code);
        var data = high.ErrorOf("values.T1").GetProperty("data");
        var min = data.GetProperty("min").GetDecimal();
        var max = data.GetProperty("max").GetDecimal();
        Assert.IsTrue(min > 2200 && max > min && max < 9000, $"{min}…{max}");

        var ok = await _client.SubmitAsync(_user, accountId, meter, new { T1 = max });
        Assert.AreEqual(HttpStatusCode.Created, ok.Status, ok.Describe());
        Assert.AreEqual("accepted", ok.Body.GetProperty("reading").GetProperty("status").GetString());

        var confirmed = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 9000 }, confirm: true);
        Assert.AreEqual(HttpStatusCode.Created, confirmed.Status, confirmed.Describe());
        Assert.AreEqual("needs_review", confirmed.Body.GetProperty("reading").GetProperty("status").GetString());
        Assert.IsTrue(confirmed.Body.GetProperty("replaced").GetBoolean());

        // confirmImplausible does not excuse other errors.
        var less = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, confirm: true);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, less.Status, less.Describe());
        Assert.AreEqual("reading.less_than_previous", less.ErrorOf("values.T1").GetProperty("code").GetString());

        var history = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings?from=2026-11-01");
        Assert.AreEqual("needs_review", history.Items.Single().GetProperty("status").GetString());
    }

    [TestMethod]
    public async Task One_reading_per_local_day_in_the_providers_time_zone_and_the_period_it_counts_for()
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id, readingsDay: 24);
        var meter = await ReadingsData.MeterAsync(accountId);

        // 17:30Z is 23:30 on the 24th in Omsk; 18:30Z is already 00:30 on the 25th there (and still the 24th in UTC).
        Clock.Now = new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero);
        var first = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 });
        Clock.Now = new DateTimeOffset(2026, 11, 24, 17, 30, 0, TimeSpan.Zero);
        var same = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 110 });
        Clock.Now = new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero);
        var next = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 120 });

        Assert.AreEqual(HttpStatusCode.Created, first.Status, first.Describe());
        Assert.AreEqual(HttpStatusCode.Created, same.Status, same.Describe());
        Assert.AreEqual(HttpStatusCode.Created, next.Status, next.Describe());
        Assert.IsFalse(first.Body.GetProperty("replaced").GetBoolean());
        Assert.IsTrue(same.Body.GetProperty("replaced").GetBoolean(), "the same local day replaces");
        Assert.IsFalse(next.Body.GetProperty("replaced").GetBoolean(), "a new local day though the same UTC day");
        Assert.AreEqual("2026-11-24", same.Body.GetProperty("reading").GetProperty("date").GetString());
        Assert.AreEqual("2026-11", same.Body.GetProperty("reading").GetProperty("period").GetString());
        Assert.AreEqual("2026-11-25", next.Body.GetProperty("reading").GetProperty("date").GetString());
        Assert.AreEqual("2026-12", next.Body.GetProperty("reading").GetProperty("period").GetString(), "after the readings day: next period");
        Assert.AreEqual(10m, next.Body.GetProperty("estimate").GetProperty("consumptionByZone").GetProperty("T1").GetDecimal());

        var rows = (await ReadingsData.RowsAsync(accountId, meter)).OrderBy(r => r.Date).ToList();
        CollectionAssert.AreEqual(new[] { "2026-11-24", "2026-11-25" }, rows.Select(r => r.Date).ToArray());
        Assert.AreEqual("""{"T1":"110"}""", rows[0].Values);
    }

    [TestMethod]
    public async Task Billed_readings_stay_and_unbilled_ones_can_be_withdrawn()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId);
        await ReadingsData.ReadingAsync(accountId, meter, "2026-10-25", """{"T1":"500"}""", "billed");
        await ReadingsData.ReadingAsync(accountId, meter, "2026-11-20", """{"T1":"600"}""", "billed");
        await ReadingsData.ReadingAsync(accountId, meter, "2026-11-10", """{"T1":"550"}""", "accepted", "import");

        var again = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 610 });
        Assert.AreEqual(HttpStatusCode.Conflict, again.Status, again.Describe());
        Assert.AreEqual("reading.already_billed", again.Code);
        var billed = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-20");
        Assert.AreEqual("reading.already_billed", billed.Code);
        var imported = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-10");
        Assert.AreEqual("reading.not_withdrawable", imported.Code);

        Clock.Now = Noon20.AddDays(1);
        var mine = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 620 });
        Assert.AreEqual(HttpStatusCode.Created, mine.Status, mine.Describe());
        Assert.AreEqual(20m, mine.Body.GetProperty("estimate").GetProperty("consumptionByZone").GetProperty("T1").GetDecimal());
        Clock.Now = Clock.Now.AddSeconds(1); // the audit trail orders by time
        var withdrawn = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-21");
        Assert.AreEqual(HttpStatusCode.NoContent, withdrawn.Status, withdrawn.Describe());
        var twice = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-21");
        Assert.AreEqual(HttpStatusCode.NotFound, twice.Status);

        var history = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings?from=2026-11-01&to=2026-11-30");
        Assert.AreEqual(HttpStatusCode.OK, history.Status, history.Describe());
        CollectionAssert.AreEqual(new[] { ("2026-11-21", "withdrawn", "web"), ("2026-11-20", "billed", "import"), ("2026-11-10", "accepted", "import") },
            history.Items.Select(i => (i.GetProperty("date").GetString(), i.GetProperty("status").GetString(), i.GetProperty("channel").GetString())).ToArray());
        Assert.AreEqual(550m, history.Items[2].GetProperty("values").GetProperty("T1").GetDecimal());

        // A resubmission that day replaces the withdrawn one.
        Clock.Now = Clock.Now.AddSeconds(1);
        var resubmit = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 630 });
        Assert.AreEqual(HttpStatusCode.Created, resubmit.Status, resubmit.Describe());

        var paged = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings?limit=2");
        Assert.AreEqual(2, paged.Items.Count);
        var cursor = paged.Body.GetProperty("nextCursor").GetString();
        var rest = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings?limit=2&cursor={Uri.EscapeDataString(cursor!)}");
        CollectionAssert.AreEqual(new[] { "2026-11-10", "2026-10-25" }, rest.Items.Select(i => i.GetProperty("date").GetString()).ToArray());
        Assert.AreEqual(JsonValueKind.Null, rest.Body.GetProperty("nextCursor").ValueKind);

        var trail = await _client.SendAsync(_user, HttpMethod.Get, "/api/profile/history?limit=200");
        var events = trail.Items.Where(i => i.GetProperty("details").ValueKind == JsonValueKind.Object && i.GetProperty("details").TryGetProperty("meterId", out var m) && m.GetString() == meter).Select(i => i.GetProperty("event").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "reading_submitted", "reading_withdrawn", "reading_submitted" }, events.AsEnumerable().Reverse().ToArray(), "the user's audit trail");

        var badDate = await _client.SendAsync(_user, HttpMethod.Get, $"/api/accounts/{accountId}/readings?from=20261101");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, badDate.Status);
        Assert.AreEqual("reading.date_invalid", badDate.Errors.Single().Code);
    }

    [TestMethod]
    public async Task Meters_that_take_no_readings_and_other_users_accounts()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var remote = await ReadingsData.MeterAsync(accountId, remote: true);
        var gone = await ReadingsData.MeterAsync(accountId, state: "decommissioned");
        var expired = await ReadingsData.MeterAsync(accountId, verifiedUntil: "2026-11-19");

        var r = await _client.SubmitAsync(_user, accountId, remote, new { T1 = 1 });
        Assert.AreEqual(HttpStatusCode.Conflict, r.Status, r.Describe());
        Assert.AreEqual("reading.meter_not_submittable", r.Code);
        Assert.AreEqual("remote_read", r.Body.GetProperty("reason").GetString());
        Assert.AreEqual("decommissioned", (await _client.SubmitAsync(_user, accountId, gone, new { T1 = 1 })).Body.GetProperty("reason").GetString());
        var warned = await _client.SubmitAsync(_user, accountId, expired, new { T1 = 1 });
        Assert.AreEqual(HttpStatusCode.Created, warned.Status, warned.Describe());
        Assert.AreEqual("verification_expired", warned.Body.GetProperty("warnings")[0].GetString());

        var meter = await ReadingsData.MeterAsync(accountId);
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/accounts/{accountId}/meters"),
            (HttpMethod.Get, $"/api/accounts/{accountId}/readings"),
            (HttpMethod.Post, $"/api/accounts/{accountId}/meters/{meter}/readings"),
            (HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-20"),
        })
        {
            var other = await _client.SendAsync(_other, method, path, method == HttpMethod.Post ? new { values = new { T1 = 1 } } : null);
            Assert.AreEqual(HttpStatusCode.NotFound, other.Status, $"{method} {path}: {other.Describe()}");
        }
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SubmitAsync(_user, accountId, "nope", new { T1 = 1 })).Status);
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SubmitAsync(_user, "zzz", meter, new { T1 = 1 })).Status);
        var notADate = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/x");
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, notADate.Status, notADate.Describe());
        Assert.AreEqual("reading.date_invalid", notADate.Code);
        CollectionAssert.AreEqual(new[] { ("date", "reading.date_invalid") }, notADate.Errors);
        var noSuchDay = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-02-30");
        Assert.AreEqual("reading.date_invalid", noSuchDay.Code, noSuchDay.Describe());
        var none = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/{meter}/readings/2026-11-19");
        Assert.AreEqual(HttpStatusCode.NotFound, none.Status, none.Describe());
        Assert.AreEqual("reading.not_found", none.Code);
        var noMeter = await _client.SendAsync(_user, HttpMethod.Delete, $"/api/accounts/{accountId}/meters/nope/readings/2026-11-19");
        Assert.AreEqual("reading.meter_not_found", noMeter.Code, noMeter.Describe());
        Assert.AreEqual(0, (await ReadingsData.RowsAsync(accountId, meter)).Count);
    }

    [TestMethod]
    public async Task Concurrent_submissions_leave_one_reading_and_one_insert_wins()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId);

        var replies = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 + i })));
        foreach (var reply in replies)
            Assert.IsTrue(reply.Status is HttpStatusCode.Created || reply.Code == "reading.concurrent_submission", reply.Describe());
        var created = replies.Where(x => x.Status == HttpStatusCode.Created).ToList();
        Assert.AreEqual(1, created.Count(c => !c.Body.GetProperty("replaced").GetBoolean()), "exactly one insert of the day's row wins");
        var rows = await ReadingsData.RowsAsync(accountId, meter);
        Assert.AreEqual(1, rows.Count);
        var stored = rows[0].Values;
        Assert.IsTrue(created.Any(c => $$"""{"T1":"{{c.Body.GetProperty("reading").GetProperty("values").GetProperty("T1").GetDecimal()}}"}""" == stored), stored);
    }

    [TestMethod]
    public async Task Idempotency_key_replays_the_first_answer_and_refuses_another_body()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId);
        var key = Guid.NewGuid().ToString();

        var first = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, key: key);
        Assert.AreEqual(HttpStatusCode.Created, first.Status, first.Describe());
        var retry = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, key: key);
        Assert.AreEqual(HttpStatusCode.Created, retry.Status, retry.Describe());
        Assert.AreEqual(first.Body.GetRawText(), retry.Body.GetRawText());
        Assert.AreEqual(first.Raw.Headers.Location, retry.Raw.Headers.Location);
        Assert.IsTrue(retry.Raw.Headers.Contains("Idempotent-Replayed"));
        Assert.IsFalse(retry.Body.GetProperty("replaced").GetBoolean(), "the retry did not run again");

        var other = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 101 }, key: key);
        Assert.AreEqual(HttpStatusCode.Conflict, other.Status, other.Describe());
        Assert.AreEqual("request.idempotency_key_reused", other.Code);
        // Keys are per user: another user's key of the same text is theirs (and this account is not).
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.SubmitAsync(_other, accountId, meter, new { T1 = 100 }, key: key)).Status);

        var tooLong = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, key: new string('k', 101));
        Assert.AreEqual(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.AreEqual("request.idempotency_key_invalid", tooLong.Code);

        // A refusal is not kept: the client fixes the body and retries with the same key.
        var key2 = Guid.NewGuid().ToString();
        var refused = await _client.SubmitAsync(_user, accountId, meter, new { T1 = "x" }, key: key2);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, refused.Status);
        var fixedUp = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 105 }, key: key2);
        Assert.AreEqual(HttpStatusCode.Created, fixedUp.Status, fixedUp.Describe());

        var rows = await ReadingsData.RowsAsync(accountId, meter);
        Assert.AreEqual("""{"T1":"105"}""", rows.Single().Values);
    }

    [TestMethod]
    public async Task Concurrent_duplicates_with_one_key_run_once()
    {
        Clock.Now = Noon20;
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var meter = await ReadingsData.MeterAsync(accountId);
        var key = Guid.NewGuid().ToString();

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, key: key)));
        foreach (var reply in replies)
            Assert.IsTrue(reply.Status == HttpStatusCode.Created || reply.Code == "request.in_progress", reply.Describe());
        var bodies = replies.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body.GetRawText()).Distinct().ToList();
        Assert.AreEqual(1, bodies.Count, "every 201 is the first answer");
        Assert.IsFalse(JsonDocument.Parse(bodies[0]).RootElement.GetProperty("replaced").GetBoolean());
        var after = await _client.SubmitAsync(_user, accountId, meter, new { T1 = 100 }, key: key);
        Assert.AreEqual(bodies[0], after.Body.GetRawText());
    }
}
