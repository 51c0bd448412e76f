using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Platform.Idempotency;
using Kabinet.Readings;

namespace Kabinet.Tests.Readings;

/// <summary>The pure rules of readings, directly.</summary>
[TestClass]
public sealed class ReadingRulesTests
{
    private static MeterEntity Meter(string zoneSet = "T1", int digits = 6, int fraction = 0) =>
        new() { Serial = "M1", ZoneSet = zoneSet, Digits = digits, FractionDigits = fraction };

    private static Dictionary<string, JsonElement> Values(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static PastReading Past(string date, decimal value, string status = "accepted") =>
        new(DateOnly.Parse(date), new Dictionary<string, decimal> { ["T1"] = value }, status);

    [TestMethod]
    [DataRow("15738", 15738.0)]
    [DataRow("\"15738\"", 15738.0)]
    [DataRow("\" 015738 \"", 15738.0)]
    [DataRow("\"0\"", 0.0)]
    [DataRow("\"-0\"", 0.0)]
    [DataRow("999999", 999999.0)]
    [DataRow("15738.0", 15738.0)]
    public void Numbers_and_numeric_strings_parse(string json, double expected)
    {
        var (value, error) = ReadingRules.ParseValue(JsonDocument.Parse(json).RootElement, 6, 0);
        Assert.IsNull(error);
        Assert.AreEqual((decimal)expected, value);
    }

    [TestMethod]
    [DataRow("\"abc\"", ReadingRules.NotANumber)]
    [DataRow("\"\"", ReadingRules.NotANumber)]
    [DataRow("true", ReadingRules.NotANumber)]
    [DataRow("null", ReadingRules.NotANumber)]
    [DataRow("[1]", ReadingRules.NotANumber)]
    [DataRow("1e5", ReadingRules.NotANumber)]
    [DataRow("\"12 345\"", ReadingRules.NotANumber)]
    [DataRow("-1", ReadingRules.Negative)]
    [DataRow("\"-0.5\"", ReadingRules.Negative)]
    [DataRow("1000000", ReadingRules.TooManyDigits)]
    [DataRow("99999999999999999999999999999999999999", ReadingRules.TooManyDigits)]
    [DataRow("12.34", ReadingRules.TooManyFractionDigits)]
    public void Bad_values_have_their_code(string json, string code)
    {
        var (_, error) = ReadingRules.ParseValue(JsonDocument.Parse(json).RootElement, 6, 1);
        Assert.AreEqual(code, error);
    }

    [TestMethod]
    public void Comma_is_a_decimal_separator_and_fraction_digits_follow_the_meter()
    {
        Assert.AreEqual(123.4m, ReadingRules.ParseValue(JsonDocument.Parse("\"123,4\"").RootElement, 6, 1).Value);
        Assert.AreEqual(ReadingRules.TooManyFractionDigits, ReadingRules.ParseValue(JsonDocument.Parse("\"123.4\"").RootElement, 6, 0).Error);
    }

    [TestMethod]
    public void Three_zone_meter_with_one_bad_zone_reports_only_that_zone_with_its_range()
    {
        var meter = Meter("peak-semipeak-night", 5, 1);
        var (values, errors) = ReadingRules.Parse(Values("""{"peak": 100.5, "semipeak": "200", "night": 123456}"""), meter);
        Assert.AreEqual(2, values.Count);
        Assert.AreEqual(1, errors.Count);
        Assert.AreEqual("values.night", errors[0].Field);
        Assert.AreEqual(ReadingRules.TooManyDigits, errors[0].Code);
        Assert.AreEqual(99999.9m, errors[0].Data!["max"]);
        Assert.AreEqual(0m, errors[0].Data!["min"]);
    }

    [TestMethod]
    public void Every_zone_failure_is_reported_at_once_with_missing_and_extra_zones()
    {
        var meter = Meter("peak-semipeak-night");
        var (_, errors) = ReadingRules.Parse(Values("""{"peak": -1, "semipeak": "x", "day": 5}"""), meter);
        CollectionAssert.AreEquivalent(new[]
        {
            ("values.peak", ReadingRules.Negative), ("values.semipeak", ReadingRules.NotANumber),
            ("values.night", ReadingRules.ZonesMismatch), ("values.day", ReadingRules.ZonesMismatch),
        }, errors.Select(e => (e.Field, e.Code)).ToArray());
    }

    [TestMethod]
    public void Less_than_previous_is_refused_with_the_minimum()
    {
        var meter = Meter();
        var check = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 900 }, [], meter, Past("2026-10-25", 1000), null,
            new DateOnly(2026, 11, 25), 0.7m, 0.4m);
        Assert.AreEqual(ReadingRules.LessThanPrevious, check.Errors.Single().Code);
        Assert.AreEqual(1000m, check.Errors[0].Data!["min"]);
    }

    [TestMethod]
    public void Equal_to_previous_is_zero_consumption()
    {
        var check = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 1000 }, [], Meter(), Past("2026-10-25", 1000), null,
            new DateOnly(2026, 11, 25), 0.7m, 0.4m);
        Assert.AreEqual(0, check.Errors.Count);
        Assert.AreEqual(0m, check.ConsumptionSincePrevious["T1"]);
    }

    private static List<PastReading> SteadyHistory(decimal start, decimal perMonth, int digits = 6)
    {
        // Readings on the 25th of five months: 30ish days apart, perMonth each.
        var list = new List<PastReading>();
        var date = new DateOnly(2026, 6, 25);
        var value = start;
        for (var i = 0; i < 5; i++)
        {
            list.Add(new PastReading(date, new Dictionary<string, decimal> { ["T1"] = value % ReadingRules.Capacity(digits) }, "accepted"));
            date = date.AddMonths(1);
            value += perMonth;
        }
        return list;
    }

    [TestMethod]
    public void Rollover_at_the_capacity_edge_is_accepted_when_plausible()
    {
        var meter = Meter(digits: 4);
        // 9_700 .. 9_999 region: 100 kWh a month (30–31 days) ending at 9_900 on 2026-10-25.
        var history = SteadyHistory(9500, 100, 4);
        Assert.AreEqual(9900m, history[^1].Values["T1"]);
        var usual = ReadingRules.UsualDaily(history, ["T1"], 4);
        Assert.IsNotNull(usual);
        var today = new DateOnly(2026, 11, 25);
        // 9900 → 0 exactly at the edge: 100 kWh.
        var edge = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 0 }, [], meter, history[^1], usual, today, 0.7m, 0.4m);
        Assert.AreEqual(0, edge.Errors.Count, string.Join(",", edge.Errors));
        Assert.AreEqual(100m, edge.ConsumptionSincePrevious["T1"]);
        var past = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 5 }, [], meter, history[^1], usual, today, 0.7m, 0.4m);
        Assert.AreEqual(105m, past.ConsumptionSincePrevious["T1"]);
        Assert.AreEqual(0, past.Errors.Count);
        // 9900 → 9800 would be a 9 900 kWh month: not a rollover, a typo.
        var typo = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 9800 }, [], meter, history[^1], usual, today, 0.7m, 0.4m);
        Assert.AreEqual(ReadingRules.LessThanPrevious, typo.Errors.Single().Code);
    }

    [TestMethod]
    public void Rollover_without_history_is_believed_only_for_a_small_consumption()
    {
        var meter = Meter(digits: 6);
        var previous = Past("2026-10-25", 999_950);
        var today = new DateOnly(2026, 11, 25);
        Assert.AreEqual(0, ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 40 }, [], meter, previous, null, today, 0.7m, 0.4m).Errors.Count);
        Assert.AreEqual(ReadingRules.LessThanPrevious,
            ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = 999_000 }, [], meter, previous, null, today, 0.7m, 0.4m).Errors.Single().Code);
    }

    [TestMethod]
    public void Implausible_outside_the_band_with_the_expected_range()
    {
        var meter = Meter();
        var history = SteadyHistory(1000, 300); // ~10 kWh a day
        var usual = ReadingRules.UsualDaily(history, ["T1"], 6)!;
        var daily = usual["T1"];
        var last = history[^1]; // 2200 on 2026-10-25
        var today = new DateOnly(2026, 11, 25); // 31 days
        var hi = 2200 + daily * 31 * 1.7m;
        var lo = 2200 + daily * 31 * 0.6m;
        Assert.AreEqual(0, ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = Math.Floor(hi) }, [], meter, last, usual, today, 0.7m, 0.4m).Errors.Count);
        Assert.AreEqual(0, ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = Math.Ceiling(lo) }, [], meter, last, usual, today, 0.7m, 0.4m).Errors.Count);
        var high = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = Math.Floor(hi) + 1 }, [], meter, last, usual, today, 0.7m, 0.4m);
        Assert.AreEqual(ReadingRules.Implausible, high.Errors.Single().Code);
        Assert.IsTrue(high.OnlyImplausible);
        Assert.AreEqual(Math.Ceiling(lo), high.Errors[0].Data!["min"]);
        Assert.AreEqual(Math.Floor(hi), high.Errors[0].Data!["max"]);
        var low = ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = Math.Ceiling(lo) - 1 }, [], meter, last, usual, today, 0.7m, 0.4m);
        Assert.AreEqual(ReadingRules.Implausible, low.Errors.Single().Code);
        // The provider's own band.
        Assert.AreEqual(0, ReadingRules.Check(new Dictionary<string, decimal> { ["T1"] = Math.Ceiling(lo) - 1 }, [], meter, last, usual, today, 0.7m, 0.5m).Errors.Count);
    }

    [TestMethod]
    public void Usual_consumption_needs_enough_history()
    {
        Assert.IsNull(ReadingRules.UsualDaily([Past("2026-10-25", 100)], ["T1"], 6));
        Assert.IsNull(ReadingRules.UsualDaily([Past("2026-10-25", 100), Past("2026-11-05", 200)], ["T1"], 6), "11 days is too little");
        var usual = ReadingRules.UsualDaily([Past("2026-09-25", 100), Past("2026-10-25", 400), Past("2026-10-30", 9999, "needs_review"), Past("2026-11-01", 1, "withdrawn")], ["T1"], 6);
        Assert.AreEqual(10m, usual!["T1"], "reviewed and withdrawn readings are not history");
    }

    [TestMethod]
    public void Previous_is_the_newest_counted_reading_on_an_earlier_day()
    {
        var history = new[] { Past("2026-09-25", 100, "billed"), Past("2026-10-25", 400), Past("2026-11-01", 500, "withdrawn"), Past("2026-11-25", 600) };
        Assert.AreEqual(new DateOnly(2026, 10, 25), ReadingRules.Previous(history, new DateOnly(2026, 11, 25))!.Date);
        var since = ReadingRules.ConsumptionSinceBilled(new Dictionary<string, decimal> { ["T1"] = 650 }, history, new DateOnly(2026, 11, 25), 6);
        Assert.AreEqual(550m, since["T1"], "since the last billed reading");
        var none = ReadingRules.ConsumptionSinceBilled(new Dictionary<string, decimal> { ["T1"] = 650 }, [], new DateOnly(2026, 11, 25), 6);
        Assert.AreEqual(0m, none["T1"]);
    }

    [TestMethod]
    public void Submit_blocks_and_warnings()
    {
        Assert.AreEqual(SubmitBlocks.RemoteRead, ReadingRules.BlockedBecause(new MeterEntity { RemoteRead = true }, false));
        Assert.AreEqual(SubmitBlocks.Decommissioned, ReadingRules.BlockedBecause(new MeterEntity { State = "decommissioned" }, false));
        Assert.AreEqual(SubmitBlocks.PeriodClosing, ReadingRules.BlockedBecause(new MeterEntity(), true));
        Assert.IsNull(ReadingRules.BlockedBecause(new MeterEntity { VerifiedUntil = "2020-01-01" }, false));
        CollectionAssert.AreEqual(new[] { SubmitBlocks.VerificationExpired }, ReadingRules.Warnings(new MeterEntity { VerifiedUntil = "2026-11-24" }, new DateOnly(2026, 11, 25)));
        Assert.AreEqual(0, ReadingRules.Warnings(new MeterEntity { VerifiedUntil = "2026-11-25" }, new DateOnly(2026, 11, 25)).Count);
    }

    [TestMethod]
    public void Zone_names_match_without_case()
    {
        var (values, errors) = ReadingRules.Parse(Values("""{"Day": 1, "NIGHT": "2"}"""), Meter("day-night"));
        Assert.AreEqual(0, errors.Count);
        Assert.AreEqual(1m, values["day"]);
        Assert.AreEqual(2m, values["night"]);
    }

    [TestMethod]
    public void Idempotency_keys_and_hashes()
    {
        Assert.IsTrue(IdempotencyRules.IsValidKey(new string('k', 100)));
        Assert.IsFalse(IdempotencyRules.IsValidKey(new string('k', 101)));
        Assert.IsFalse(IdempotencyRules.IsValidKey("a\nb"));
        Assert.AreEqual(IdempotencyRules.Hash("POST", "/a", "{}"u8), IdempotencyRules.Hash("post", "/a", "{}"u8));
        Assert.AreNotEqual(IdempotencyRules.Hash("POST", "/a", "{}"u8), IdempotencyRules.Hash("POST", "/b", "{}"u8));
        Assert.AreNotEqual(IdempotencyRules.Hash("POST", "/a", "{}"u8), IdempotencyRules.Hash("POST", "/a", "{ }"u8));
        Assert.IsTrue(IdempotencyRules.IsStored(201));
        Assert.IsFalse(IdempotencyRules.IsStored(422));
    }
}
