using System.Text.Json;
using Kabinet.Accounts;
using Kabinet.Operators;
using Kabinet.Providers;

namespace Kabinet.Tests.Operators;

/// <summary>The pure rules of the import kinds, directly: raw fields in, an entity or a RowError out. No storage.</summary>
[TestClass]
public sealed class ImportRulesTests
{
    private static SourceRow Row(string kind, Dictionary<string, string?> fields) => new(1, 2, kind, 0, fields);

    /// <summary>The valid row with one field changed; null removes it.</summary>
    private static Dictionary<string, string?> With(Dictionary<string, string?> valid, string field, string? value)
    {
        var fields = new Dictionary<string, string?>(valid);
        if (value is null) fields.Remove(field);
        else fields[field] = value;
        return fields;
    }

    private static FieldReader Reader(string field, string? value) => new(new Dictionary<string, string?> { [field] = value });

    private static void AssertError(RowError? error, string code, string? field)
    {
        Assert.IsNotNull(error, "expected " + code);
        Assert.AreEqual(code, error.Code, error.ToString());
        Assert.AreEqual(field, error.Field, error.ToString());
    }

    // ---- money: whole kopecks ----

    [TestMethod]
    [DataRow("0", 0L)]
    [DataRow("1", 1L)]
    [DataRow("150050", 150050L)] // 1 500,50 ₽
    [DataRow("+150050", 150050L)]
    [DataRow("-150050", -150050L)]
    [DataRow("000042", 42L)]
    [DataRow("-0", 0L)]
    [DataRow("1000000000000", 1_000_000_000_000L)] // 10 000 000 000,00 ₽: the largest amount
    [DataRow("-1000000000000", -1_000_000_000_000L)]
    [DataRow("00000000000000001000000000000", 1_000_000_000_000L)] // leading zeros do not count as digits
    public void Kopecks_are_whole_numbers_up_to_ten_to_the_twelfth(string value, long expected)
    {
        var f = Reader("amount", value);
        Assert.AreEqual(expected, f.Kopecks("amount", required: true));
        Assert.IsTrue(f.Ok, f.Error?.ToString());
    }

    [TestMethod]
    [DataRow("1000000000001", "import.number_out_of_range")]
    [DataRow("-1000000000001", "import.number_out_of_range")]
    [DataRow("9999999999999", "import.number_out_of_range")]
    [DataRow("99999999999999999999", "import.number_out_of_range")] // beyond a long
    [DataRow("999999999999999999999999999999", "import.number_out_of_range")] // 30 digits
    [DataRow("1500.50", "import.kopecks_fractional")]
    [DataRow("1500,50", "import.kopecks_fractional")]
    [DataRow("10.0", "import.kopecks_fractional")]
    [DataRow("1e5", "import.number_invalid")]
    [DataRow("12 345", "import.number_invalid")]
    [DataRow(" 5", "import.number_invalid")]
    [DataRow("", "import.number_invalid")]
    [DataRow("-", "import.number_invalid")]
    [DataRow("5₽", "import.number_invalid")]
    [DataRow("１２", "import.number_invalid")] // full-width digits
    [DataRow("0x10", "import.number_invalid")]
    public void Bad_kopecks_have_their_code(string value, string code)
    {
        var f = Reader("amount", value);
        Assert.IsNull(f.Kopecks("amount", required: true));
        AssertError(f.Error, code, "amount");
        Assert.AreEqual(value, f.Error!.Value);
    }

    [TestMethod]
    [DataRow("0", 1L, "import.amount_not_positive")]
    [DataRow("-1", 1L, "import.amount_not_positive")]
    [DataRow("-0", 1L, "import.amount_not_positive")]
    [DataRow("-1", 0L, "import.amount_negative")]
    [DataRow("-1000000000000", 0L, "import.amount_negative")]
    public void Kopecks_below_the_minimum_say_which_minimum(string value, long min, string code)
    {
        var f = Reader("amount", value);
        Assert.IsNull(f.Kopecks("amount", required: true, min: min));
        AssertError(f.Error, code, "amount");
    }

    [TestMethod]
    public void Absent_kopecks_are_the_fallback_or_required()
    {
        var empty = new FieldReader(new Dictionary<string, string?>());
        Assert.AreEqual(0L, empty.Kopecks("openingBalance", required: false));
        Assert.AreEqual(700L, empty.Kopecks("openingBalance", required: false, fallback: 700));
        Assert.IsTrue(empty.Ok);

        Assert.IsNull(empty.Kopecks("amount", required: true));
        AssertError(empty.Error, "import.field_required", "amount");
        Assert.IsNull(empty.Kopecks("openingBalance", required: false), "after the first problem every read is null");
    }

    // ---- integers and decimals ----

    [TestMethod]
    [DataRow("1", 1)]
    [DataRow("28", 28)]
    [DataRow("+7", 7)]
    [DataRow("007", 7)]
    public void Integers_within_range(string value, int expected)
    {
        var f = Reader("readingsDay", value);
        Assert.AreEqual(expected, f.Int("readingsDay", 1, 28));
        Assert.IsTrue(f.Ok);
    }

    [TestMethod]
    [DataRow("0", "import.number_out_of_range")]
    [DataRow("29", "import.number_out_of_range")]
    [DataRow("-1", "import.number_out_of_range")]
    [DataRow("2147483648", "import.number_out_of_range")] // an integer, just too large for int: out of range, not "not an integer"
    [DataRow("99999999999999999999", "import.number_out_of_range")]
    [DataRow("-99999999999999999999", "import.number_out_of_range")]
    [DataRow("1.5", "import.integer_invalid")]
    [DataRow("10,0", "import.integer_invalid")]
    [DataRow("ten", "import.number_invalid")]
    [DataRow("", "import.number_invalid")]
    [DataRow("٣", "import.number_invalid")]
    public void Bad_integers_have_their_code(string value, string code)
    {
        var f = Reader("readingsDay", value);
        Assert.IsNull(f.Int("readingsDay", 1, 28));
        AssertError(f.Error, code, "readingsDay");
    }

    [TestMethod]
    public void Absent_integers_take_the_fallback()
    {
        var f = new FieldReader(new Dictionary<string, string?>());
        Assert.AreEqual(25, f.Int("readingsDay", 1, 28, 25));
        Assert.IsNull(f.Int("rooms", 0, 50));
        Assert.IsTrue(f.Ok);
        Assert.IsNull(f.Int("rooms", 0, 50, required: true));
        AssertError(f.Error, "import.field_required", "rooms");
    }

    [TestMethod]
    [DataRow("5.67", "5.67")]
    [DataRow("5,67", "5.67")] // a decimal comma
    [DataRow("5.6700", "5.6700")] // kept exactly as written
    [DataRow("0", "0")]
    [DataRow("007.5", "7.5")]
    [DataRow("1000000", "1000000")]
    [DataRow("0.0001", "0.0001")]
    public void Decimals_come_back_as_invariant_text(string value, string expected)
    {
        var f = Reader("rate", value);
        Assert.AreEqual(expected, f.Decimal("rate", 4, 0, 1_000_000));
        Assert.IsTrue(f.Ok);
    }

    [TestMethod]
    [DataRow("5.67891", "import.too_many_fraction_digits")]
    [DataRow("0,00001", "import.too_many_fraction_digits")]
    [DataRow("1000000.0001", "import.number_out_of_range")]
    [DataRow("-0.0001", "import.number_out_of_range")]
    [DataRow("999999999999999999999999999999", "import.number_out_of_range")] // beyond a decimal
    [DataRow("5.", "import.number_invalid")]
    [DataRow(".5", "import.number_invalid")]
    [DataRow("5.6.7", "import.number_invalid")]
    [DataRow("1 000", "import.number_invalid")]
    [DataRow("NaN", "import.number_invalid")]
    [DataRow("５.６", "import.number_invalid")]
    public void Bad_decimals_have_their_code(string value, string code)
    {
        var f = Reader("rate", value);
        Assert.IsNull(f.Decimal("rate", 4, 0, 1_000_000));
        AssertError(f.Error, code, "rate");
    }

    // ---- dates, periods, booleans, keys, text ----

    [TestMethod]
    [DataRow("2026-11-05", "2026-11-05")]
    [DataRow("2024-02-29", "2024-02-29")]
    [DataRow("0001-01-01", "0001-01-01")]
    [DataRow("9999-12-31", "9999-12-31")]
    public void Dates_are_yyyy_MM_dd(string value, string expected)
    {
        var f = Reader("date", value);
        Assert.AreEqual(expected, f.Date("date"));
        Assert.IsTrue(f.Ok);
    }

    [TestMethod]
    [DataRow("2026-02-29")] // not a leap year
    [DataRow("2026-04-31")]
    [DataRow("2026-13-01")]
    [DataRow("2026-00-10")]
    [DataRow("2026-1-5")]
    [DataRow("05.11.2026")]
    [DataRow("2026/11/05")]
    [DataRow("2026-11-05T00:00:00")]
    [DataRow("2026-11-05 ")]
    [DataRow("")]
    [DataRow("２０２６-11-05")]
    public void Other_dates_are_invalid(string value)
    {
        var f = Reader("date", value);
        Assert.IsNull(f.Date("date"));
        AssertError(f.Error, "import.date_invalid", "date");
    }

    [TestMethod]
    [DataRow("2026-11", "2026-11")]
    [DataRow("2026-01", "2026-01")]
    [DataRow("2026-12", "2026-12")]
    [DataRow("2026-1", null)]
    [DataRow("2026-13", null)]
    [DataRow("2026-00", null)]
    [DataRow("2026-11-01", null)]
    [DataRow("11.2026", null)]
    [DataRow("", null)]
    public void Periods_are_yyyy_MM(string value, string? expected)
    {
        var f = Reader("period", value);
        Assert.AreEqual(expected, f.Period("period"));
        if (expected is null) AssertError(f.Error, "import.period_invalid", "period");
    }

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow("1", true)]
    [DataRow("yes", true)]
    [DataRow("false", false)]
    [DataRow("0", false)]
    [DataRow("No", false)]
    public void Booleans_in_words_or_digits(string value, bool expected)
    {
        var f = Reader("remoteRead", value);
        Assert.AreEqual(expected, f.Bool("remoteRead", !expected));
        Assert.IsTrue(f.Ok);
    }

    [TestMethod]
    [DataRow("y")]
    [DataRow("да")]
    [DataRow("2")]
    [DataRow("")]
    public void Other_booleans_are_invalid(string value)
    {
        var f = Reader("remoteRead", value);
        Assert.IsNull(f.Bool("remoteRead", false));
        AssertError(f.Error, "import.bool_invalid", "remoteRead");
    }

    [TestMethod]
    [DataRow("a/b")]
    [DataRow("a\\b")]
    [DataRow("a#b")]
    [DataRow("a?b")]
    [DataRow("a\tb")]
    [DataRow("a\u0000b")]
    [DataRow("12345678901234567890123456789012345678901234567890123456789012345")] // 65
    public void Keys_refuse_what_a_table_key_cannot_hold(string value)
    {
        var f = Reader("providerId", value);
        Assert.IsNull(f.Key("providerId"));
        AssertError(f.Error, "import.key_invalid", "providerId");
    }

    [TestMethod]
    public void A_key_of_64_characters_and_any_letters_is_fine()
    {
        var value = new string('к', 64);
        Assert.AreEqual(value, Reader("providerId", value).Key("providerId"));
        Assert.AreEqual("омск-энерго 1", Reader("providerId", "омск-энерго 1").Key("providerId"));
    }

    [TestMethod]
    public void Text_over_its_limit_is_refused_and_the_value_in_the_error_is_cut_to_100()
    {
        Assert.AreEqual(new string('x', 256), Reader("name", new string('x', 256)).Text("name"));

        var f = Reader("name", new string('x', 257));
        Assert.IsNull(f.Text("name"));
        AssertError(f.Error, "import.field_too_long", "name");
        Assert.AreEqual(100, f.Error!.Value!.Length);
    }

    [TestMethod]
    public void The_first_problem_is_kept()
    {
        var f = new FieldReader(new Dictionary<string, string?> { ["a"] = "x", ["b"] = "2026-99-99" });
        f.Int("a", 0, 1);
        f.Date("b");
        f.Fail("import.other", "c");
        AssertError(f.Error, "import.number_invalid", "a");
    }

    [TestMethod]
    [DataRow("GAS", "gas")]
    [DataRow("Electric", "electric")]
    public void Allowed_values_match_without_case_and_come_back_as_listed(string value, string expected) =>
        Assert.AreEqual(expected, Reader("stove", value).OneOf("stove", ImportRules.Stoves));

    // ---- zone hours ----

    [TestMethod]
    [DataRow("T1", """{"T1":["00:00-24:00"]}""")] // the whole day: used to loop for ever (24:00 was never reached modulo a day)
    [DataRow("T1", """{"T1":["07:00-24:00","00:00-07:00"]}""")]
    [DataRow("T1", """{"T1":["12:00-12:00"]}""", false)] // empty range
    [DataRow("T1", """{"T1":["00:00-00:00"]}""", false)]
    [DataRow("T1", """{"T1":["23:00-23:00"]}""", false)]
    [DataRow("T1", """{"T1":["24:00-24:00"]}""", false)]
    [DataRow("T1", """{"T1":["00:00-23:59"]}""", false)] // a minute short
    [DataRow("T1", """{"T1":["00:00-24:01"]}""", false)]
    [DataRow("day-night", """{"day":["07:00-23:00"],"night":["23:00-07:00"]}""")] // the night wraps over midnight
    [DataRow("day-night", """{"day":["07:00-23:00"],"night":["23:00-24:00","00:00-07:00"]}""")]
    [DataRow("day-night", """{"day":["07:00-22:00"],"night":["23:00-07:00"]}""", false)] // 22–23 uncovered
    [DataRow("day-night", """{"day":["07:00-23:30"],"night":["23:00-07:00"]}""", false)] // 23:00–23:30 twice
    [DataRow("day-night", """{"day":["07:00-23:00"]}""", false)] // a zone missing
    [DataRow("day-night", """{"day":["07:00-23:00"],"night":["23:00-07:00"],"peak":[]}""", false)] // a zone too many
    [DataRow("day-night", """{"Day":["07:00-23:00"],"night":["23:00-07:00"]}""", false)]
    [DataRow("day-night", """{"day":["7:00-23:00"],"night":["23:00-07:00"]}""", false)]
    [DataRow("day-night", """{"day":["07:00-23:00"],"night":["23:00-07:60"]}""", false)]
    [DataRow("day-night", """{"day":["07:00–23:00"],"night":["23:00-07:00"]}""", false)] // an en dash
    [DataRow("day-night", """{"day":null,"night":["00:00-24:00"]}""", false)]
    [DataRow("peak-semipeak-night", """{"peak":["07:00-10:00","17:00-21:00"],"semipeak":["10:00-17:00","21:00-23:00"],"night":["23:00-07:00"]}""")]
    [DataRow("peak-semipeak-night", """{"peak":["07:00-10:00"],"semipeak":["10:00-17:00","21:00-23:00"],"night":["23:00-07:00"]}""", false)]
    [DataRow("T1", "[]", false)]
    [DataRow("T1", "null", false)]
    [DataRow("T1", """{"T1":"00:00-24:00"}""", false)]
    [DataRow("T1", """{"T1":[1]}""", false)]
    [DataRow("T1", "{", false)]
    [DataRow("T1", "", false)]
    public void Zone_hours_cover_the_day_exactly_once_with_exactly_the_zones_of_the_set(string zoneSet, string json, bool valid = true)
    {
        var normalized = ImportRules.NormalizeZoneHours(json, zoneSet);
        if (!valid)
        {
            Assert.IsNull(normalized);
            return;
        }
        Assert.IsNotNull(normalized);
        var hours = JsonSerializer.Deserialize<Dictionary<string, string[]>>(normalized)!;
        CollectionAssert.AreEquivalent(ZoneSets.Zones[zoneSet], hours.Keys.ToArray());
    }

    [TestMethod]
    public void The_default_zone_hours_pass_their_own_rule()
    {
        foreach (var (zoneSet, hours) in ImportRules.DefaultZoneHours)
            Assert.IsNotNull(ImportRules.NormalizeZoneHours(JsonSerializer.Serialize(hours), zoneSet), zoneSet);
    }

    // ---- providers ----

    private static readonly Dictionary<string, string?> ValidProvider = new() { ["providerId"] = "omsk-energo", ["name"] = "Омскэнерго" };

    [TestMethod]
    public void A_provider_with_only_id_and_name_gets_the_defaults()
    {
        var (row, error) = ImportRules.Provider(Row("providers", ValidProvider));
        Assert.IsNull(error);
        var p = row!.Value;
        Assert.AreEqual("omsk-energo", row.ProviderId);
        Assert.AreEqual("omsk-energo", p.RowKey);
        Assert.AreEqual("Europe/Moscow", p.TimeZone);
        Assert.AreEqual(25, p.ReadingsDay);
        Assert.AreEqual(15, p.BillDueDay); // by law from March 2026
        Assert.AreEqual("lastPayment,meterSerial,lastBill", p.AcceptedProofs);
        Assert.AreEqual("0.7", p.PlausibleAbove);
        Assert.AreEqual("0.4", p.PlausibleBelow);
    }

    [TestMethod]
    [DataRow("lastBill", "lastBill")]
    [DataRow("METERSERIAL; lastpayment", "meterSerial,lastPayment")]
    [DataRow("lastBill,lastBill;lastBill", "lastBill")]
    [DataRow(" lastBill , meterSerial ", "lastBill,meterSerial")]
    public void Accepted_proofs_are_listed_once_in_their_spelling(string value, string expected)
    {
        var (row, error) = ImportRules.Provider(Row("providers", With(ValidProvider, "acceptedProofs", value)));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual(expected, row!.Value.AcceptedProofs);
    }

    [TestMethod]
    [DataRow("providerId", null, "import.field_required", "providerId")]
    [DataRow("providerId", "omsk/energo", "import.key_invalid", "providerId")]
    [DataRow("name", null, "import.field_required", "name")]
    [DataRow("inn", "550123456", "import.field_invalid", "inn")] // 9
    [DataRow("inn", "55012345678", "import.field_invalid", "inn")] // 11
    [DataRow("inn", "55012345678a", "import.field_invalid", "inn")]
    [DataRow("kpp", "55010100", "import.field_invalid", "kpp")]
    [DataRow("ogrn", "10255000000001", "import.field_invalid", "ogrn")] // 14
    [DataRow("timeZone", "Mars/Olympus", "import.timezone_unknown", "timeZone")]
    [DataRow("timeZone", "", "import.timezone_unknown", "timeZone")]
    [DataRow("readingsDay", "29", "import.number_out_of_range", "readingsDay")]
    [DataRow("readingsDay", "0", "import.number_out_of_range", "readingsDay")]
    [DataRow("billDueDay", "31", "import.number_out_of_range", "billDueDay")]
    [DataRow("acceptedProofs", "lastPayment;passport", "import.value_not_allowed", "acceptedProofs")]
    [DataRow("acceptedProofs", " ; , ", "import.field_required", "acceptedProofs")]
    [DataRow("plausibleAbove", "100.0001", "import.number_out_of_range", "plausibleAbove")]
    [DataRow("plausibleBelow", "1.01", "import.number_out_of_range", "plausibleBelow")]
    [DataRow("plausibleBelow", "0.12345", "import.too_many_fraction_digits", "plausibleBelow")]
    [DataRow("email", "x", null, null)]
    [DataRow("inn", "5501234567", null, null)] // 10
    [DataRow("inn", "550123456789", null, null)] // 12
    [DataRow("kpp", "550101001", null, null)]
    [DataRow("ogrn", "1025500000000", null, null)] // 13
    [DataRow("ogrn", "315550000000001", null, null)] // 15
    [DataRow("timeZone", "Asia/Omsk", null, null)]
    [DataRow("readingsDay", "28", null, null)]
    [DataRow("plausibleAbove", "100", null, null)]
    [DataRow("plausibleBelow", "1", null, null)]
    public void Provider_fields(string field, string? value, string? code, string? errorField)
    {
        var (row, error) = ImportRules.Provider(Row("providers", With(ValidProvider, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, errorField);
    }

    // ---- services ----

    [TestMethod]
    public void A_metered_service_needs_no_amount_and_a_fixed_one_needs_one_in_kopecks()
    {
        var metered = ImportRules.Service(Row("services", new() { ["providerId"] = "p1", ["service"] = "electricity", ["name"] = "Электроэнергия" }));
        Assert.IsNull(metered.Item2);
        Assert.AreEqual("metered", metered.Item1!.Value.Kind);
        Assert.AreEqual("kWh", metered.Item1.Value.Unit);
        Assert.IsNull(metered.Item1.Value.FixedAmount);

        var fixedRow = new Dictionary<string, string?> { ["providerId"] = "p1", ["service"] = "intercom", ["name"] = "Домофон", ["kind"] = "fixed", ["fixedAmount"] = "4550" };
        var intercom = ImportRules.Service(Row("services", fixedRow));
        Assert.IsNull(intercom.Item2);
        Assert.AreEqual(4550L, intercom.Item1!.Value.FixedAmount); // 45,50 ₽ a month
        Assert.AreEqual("month", intercom.Item1.Value.Unit);
        Assert.AreEqual("intercom", intercom.Item1.Value.RowKey);

        Assert.AreEqual(0L, ImportRules.Service(Row("services", With(fixedRow, "fixedAmount", "0"))).Item1!.Value.FixedAmount);
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "fixedAmount", null))).Item2, "import.field_required", "fixedAmount");
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "fixedAmount", "-1"))).Item2, "import.amount_negative", "fixedAmount");
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "fixedAmount", "45.50"))).Item2, "import.kopecks_fractional", "fixedAmount");
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "service", "домофон"))).Item2, "import.key_invalid", "service");
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "service", "hot water"))).Item2, "import.key_invalid", "service");
        AssertError(ImportRules.Service(Row("services", With(fixedRow, "kind", "monthly"))).Item2, "import.value_not_allowed", "kind");
    }

    // ---- tariffs ----

    private static readonly Dictionary<string, string?> DayNight = new()
    {
        ["providerId"] = "p1", ["service"] = "electricity", ["zoneSet"] = "day-night", ["effectiveFrom"] = "2026-01-01", ["day"] = "6.10", ["night"] = "3,20",
    };

    [TestMethod]
    public void A_tariff_row_gives_a_rate_for_each_zone_of_its_set()
    {
        var (row, error) = ImportRules.Tariff(Row("tariffs", With(DayNight, "bandUpTo", "3900")));
        Assert.IsNull(error, error?.ToString());
        var t = row!.Value;
        Assert.AreEqual("electricity|day-night|2026-01-01", t.Key);
        Assert.AreEqual(3900m, t.UpTo);
        Assert.AreEqual("6.10", t.Rates["day"]);
        Assert.AreEqual("3.20", t.Rates["night"]);
        Assert.AreEqual(2, t.Rates.Count);
        Assert.IsNull(t.ZoneHours);
    }

    [TestMethod]
    [DataRow("night", null, "import.field_required", "night")]
    [DataRow("T1", "5.67", "import.zone_not_in_set", "T1")]
    [DataRow("peak", "", "import.zone_not_in_set", "peak")]
    [DataRow("day", "6.10001", "import.too_many_fraction_digits", "day")]
    [DataRow("day", "-1", "import.number_out_of_range", "day")]
    [DataRow("day", "1000000.5", "import.number_out_of_range", "day")]
    [DataRow("bandUpTo", "0", "import.number_out_of_range", "bandUpTo")]
    [DataRow("bandUpTo", "0.00001", "import.too_many_fraction_digits", "bandUpTo")]
    [DataRow("zoneSet", "two-rate", "import.value_not_allowed", "zoneSet")]
    [DataRow("zoneSet", null, "import.field_required", "zoneSet")]
    [DataRow("effectiveFrom", "2026-02-30", "import.date_invalid", "effectiveFrom")]
    [DataRow("zoneHours", """{"day":["07:00-22:00"],"night":["23:00-07:00"]}""", "import.zone_hours_invalid", "zoneHours")]
    [DataRow("zoneHours", """{"T1":["00:00-24:00"]}""", "import.zone_hours_invalid", "zoneHours")] // hours of another set
    [DataRow("service", null, "import.field_required", "service")]
    [DataRow("day", "0", null, null)]
    [DataRow("day", "1000000", null, null)]
    [DataRow("bandUpTo", "0.0001", null, null)]
    [DataRow("zoneHours", """{"night":["23:00-24:00","00:00-06:00"],"day":["06:00-23:00"]}""", null, null)]
    public void Tariff_fields(string field, string? value, string? code, string? errorField)
    {
        var (row, error) = ImportRules.Tariff(Row("tariffs", With(DayNight, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, errorField);
    }

    private static TariffRow Band(decimal? upTo, string day, string night, string? hours = null) =>
        new("electricity", "day-night", "2026-01-01", upTo, new Dictionary<string, string> { ["day"] = day, ["night"] = night }, hours);

    [TestMethod]
    public void Bands_merge_ordered_by_limit_with_the_open_band_last()
    {
        var (tariff, bad, error) = ImportRules.MergeTariff("p1", [Band(null, "9.00", "4.50"), Band(6000, "7.10", "3.70"), Band(3900, "6.10", "3.20")]);

        Assert.IsNull(error);
        Assert.AreEqual(-1, bad);
        Assert.AreEqual("p1", tariff!.PartitionKey);
        Assert.AreEqual("electricity|day-night|2026-01-01", tariff.RowKey);
        Assert.AreEqual(
            """[{"upTo":"3900","rates":{"day":"6.10","night":"3.20"}},{"upTo":"6000","rates":{"day":"7.10","night":"3.70"}},{"upTo":null,"rates":{"day":"9.00","night":"4.50"}}]""",
            tariff.Bands);
        Assert.AreEqual(JsonSerializer.Serialize(ImportRules.DefaultZoneHours["day-night"]), tariff.ZoneHours);
    }

    [TestMethod]
    public void Zone_hours_given_on_one_band_hold_for_the_tariff()
    {
        const string hours = """{"day":["06:00-22:00"],"night":["22:00-06:00"]}""";
        var (tariff, _, error) = ImportRules.MergeTariff("p1", [Band(3900, "6.10", "3.20"), Band(null, "9.00", "4.50", hours)]);
        Assert.IsNull(error);
        Assert.AreEqual(hours, tariff!.ZoneHours);
    }

    [TestMethod]
    public void Bad_bands_name_the_row_that_spoils_them()
    {
        var noOpen = ImportRules.MergeTariff("p1", [Band(100, "1", "1"), Band(200, "2", "2")]);
        Assert.AreEqual(1, noOpen.BadIndex);
        AssertError(noOpen.Error, "import.tariff_bands_invalid", "bandUpTo");

        var twoOpen = ImportRules.MergeTariff("p1", [Band(null, "1", "1"), Band(100, "2", "2"), Band(null, "3", "3")]);
        Assert.AreEqual(2, twoOpen.BadIndex);
        AssertError(twoOpen.Error, "import.tariff_bands_invalid", "bandUpTo");

        var same = ImportRules.MergeTariff("p1", [Band(100, "1", "1"), Band(null, "2", "2"), Band(100.0m, "3", "3")]);
        Assert.AreEqual(2, same.BadIndex);
        AssertError(same.Error, "import.tariff_bands_invalid", "bandUpTo");
        Assert.IsNull(same.Tariff);

        var hours = ImportRules.MergeTariff("p1", [
            Band(100, "1", "1", """{"day":["07:00-23:00"],"night":["23:00-07:00"]}"""),
            Band(null, "2", "2", """{"day":["06:00-22:00"],"night":["22:00-06:00"]}"""),
        ]);
        Assert.AreEqual(1, hours.BadIndex);
        AssertError(hours.Error, "import.zone_hours_invalid", "zoneHours");
    }

    // ---- norms ----

    [TestMethod]
    [DataRow("rooms", "0", null)]
    [DataRow("rooms", "50", null)]
    [DataRow("rooms", "51", "import.number_out_of_range")]
    [DataRow("residents", "0", "import.number_out_of_range")]
    [DataRow("residents", "100", null)]
    [DataRow("stove", "wood", "import.value_not_allowed")]
    [DataRow("stove", null, "import.field_required")]
    [DataRow("kwhPerPerson", "100000", null)]
    [DataRow("kwhPerPerson", "100000.0001", "import.number_out_of_range")]
    [DataRow("kwhPerPerson", null, "import.field_required")]
    public void Norm_fields(string field, string? value, string? code)
    {
        var (row, error) = ImportRules.Norm(Row("norms", With(ValidNorm, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, field);
    }

    private static readonly Dictionary<string, string?> ValidNorm = new()
    {
        ["providerId"] = "p1", ["rooms"] = "2", ["residents"] = "3", ["stove"] = "Electric", ["kwhPerPerson"] = "58,5",
    };

    [TestMethod]
    public void A_norm_keys_on_rooms_residents_and_stove()
    {
        var norm = ImportRules.Norm(Row("norms", ValidNorm)).Item1!.Value;
        Assert.AreEqual("p1", norm.PartitionKey);
        Assert.AreEqual("2|3|electric", norm.RowKey);
        Assert.AreEqual("58.5", norm.KwhPerPerson);
    }

    // ---- accounts ----

    [TestMethod]
    public void An_account_keys_on_provider_and_normalised_number_and_opens_with_its_balance()
    {
        var (row, error) = ImportRules.Account(Row("accounts", new()
        {
            ["providerId"] = "p1", ["number"] = "12-34 56", ["openingBalance"] = "-150050", ["area"] = "54,3", ["rooms"] = "2", ["residents"] = "3",
        }));
        Assert.IsNull(error, error?.ToString());
        var a = row!.Value;
        Assert.AreEqual(AccountIds.For("p1", "123456"), a.PartitionKey);
        Assert.AreEqual("12-34 56", a.Number);
        Assert.AreEqual("12-34 56", row.AccountNumber);
        Assert.AreEqual(-150050L, a.OpeningBalance); // an advance of 1 500,50 ₽
        Assert.AreEqual(-150050L, a.Balance);
        Assert.AreEqual("54.3", a.Area);
        Assert.AreEqual("gas", a.Stove);
        Assert.AreEqual("", a.HolderName);
    }

    [TestMethod]
    [DataRow("number", null, "import.field_required")]
    [DataRow("number", "---", "import.key_invalid")]
    [DataRow("number", " - ", "import.key_invalid")]
    [DataRow("number", "123456789012345678901234567890123456789012345678901", "import.key_invalid")] // 51
    [DataRow("openingBalance", "1500.50", "import.kopecks_fractional")]
    [DataRow("openingBalance", "1000000000001", "import.number_out_of_range")]
    [DataRow("rooms", "101", "import.number_out_of_range")]
    [DataRow("residents", "-1", "import.number_out_of_range")]
    [DataRow("area", "1000000.0001", "import.number_out_of_range")]
    [DataRow("stove", "coal", "import.value_not_allowed")]
    [DataRow("number", "12345678901234567890123456789012345678901234567890", null)] // 50
    [DataRow("openingBalance", "-1000000000000", null)]
    public void Account_fields(string field, string? value, string? code)
    {
        var valid = new Dictionary<string, string?> { ["providerId"] = "p1", ["number"] = "100200" };
        var (row, error) = ImportRules.Account(Row("accounts", With(valid, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, field);
    }

    // ---- meters ----

    [TestMethod]
    public void A_meter_gets_its_defaults()
    {
        var (row, error) = ImportRules.Meter(Row("meters", new() { ["providerId"] = "p1", ["accountNumber"] = "100200", ["serial"] = "SN-1" }));
        Assert.IsNull(error, error?.ToString());
        var m = row!.Value;
        Assert.AreEqual(AccountIds.For("p1", "100200"), m.PartitionKey);
        Assert.AreEqual("meter|SN-1", m.RowKey);
        Assert.AreEqual("electricity", m.Service);
        Assert.AreEqual("T1", m.ZoneSet);
        Assert.AreEqual(6, m.Digits);
        Assert.AreEqual(0, m.FractionDigits);
        Assert.IsFalse(m.RemoteRead);
        Assert.AreEqual("active", m.State);
    }

    [TestMethod]
    [DataRow("serial", null, "import.field_required")]
    [DataRow("serial", "SN#1", "import.key_invalid")]
    [DataRow("accountNumber", null, "import.field_required")]
    [DataRow("zoneSet", "T2", "import.value_not_allowed")]
    [DataRow("digits", "0", "import.number_out_of_range")]
    [DataRow("digits", "10", "import.number_out_of_range")]
    [DataRow("fractionDigits", "4", "import.number_out_of_range")]
    [DataRow("fractionDigits", "-1", "import.number_out_of_range")]
    [DataRow("installedOn", "2026-02-29", "import.date_invalid")]
    [DataRow("verifiedUntil", "2030-12", "import.date_invalid")]
    [DataRow("remoteRead", "maybe", "import.bool_invalid")]
    [DataRow("state", "broken", "import.value_not_allowed")]
    [DataRow("service", "water supply", "import.key_invalid")]
    [DataRow("digits", "9", null)]
    [DataRow("fractionDigits", "3", null)]
    [DataRow("state", "Decommissioned", null)]
    public void Meter_fields(string field, string? value, string? code)
    {
        var valid = new Dictionary<string, string?> { ["providerId"] = "p1", ["accountNumber"] = "100200", ["serial"] = "SN-1" };
        var (row, error) = ImportRules.Meter(Row("meters", With(valid, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, field);
    }

    // ---- payments and bills ----

    [TestMethod]
    public void A_payment_is_positive_kopecks_and_becomes_a_negative_ledger_entry_keyed_by_its_document()
    {
        var valid = new Dictionary<string, string?> { ["providerId"] = "p1", ["accountNumber"] = "100200", ["date"] = "2026-11-05", ["amount"] = "245075", ["documentNumber"] = "PP-17" };
        var (row, error) = ImportRules.Payment(Row("payments", valid));
        Assert.IsNull(error, error?.ToString());
        var entry = row!.Value.Entry;
        Assert.AreEqual(-245075L, entry.Amount); // 2 450,75 ₽ less owed
        Assert.AreEqual("entry|payment|PP-17", entry.RowKey);
        Assert.AreEqual("payment", entry.Kind);
        Assert.AreEqual("2026-11-05", entry.Date);
        Assert.AreEqual("import", entry.Source);
        Assert.AreEqual(AccountIds.For("p1", "100200"), entry.PartitionKey);

        Assert.AreEqual(-1L, ImportRules.Payment(Row("payments", With(valid, "amount", "1"))).Item1!.Value.Entry.Amount); // one kopeck
        AssertError(ImportRules.Payment(Row("payments", With(valid, "amount", "0"))).Item2, "import.amount_not_positive", "amount");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "amount", "-100"))).Item2, "import.amount_not_positive", "amount");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "amount", "2450.75"))).Item2, "import.kopecks_fractional", "amount");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "amount", null))).Item2, "import.field_required", "amount");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "date", null))).Item2, "import.field_required", "date");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "date", "2026-11-31"))).Item2, "import.date_invalid", "date");
        AssertError(ImportRules.Payment(Row("payments", With(valid, "documentNumber", null))).Item2, "import.field_required", "documentNumber");
        // A bank's "12/345" is a document number like any other: escaped in the key.
        Assert.AreEqual("entry|payment|PP%2F17", ImportRules.Payment(Row("payments", With(valid, "documentNumber", "PP/17"))).Item1!.Value.Entry.RowKey);
    }

    [TestMethod]
    public void A_bill_is_kopecks_for_a_period_and_may_be_a_credit()
    {
        var valid = new Dictionary<string, string?> { ["providerId"] = "p1", ["accountNumber"] = "100200", ["period"] = "2026-10", ["total"] = "183240" };
        var (row, error) = ImportRules.Bill(Row("bills", valid));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual(183240L, row!.Value.Total); // 1 832,40 ₽
        Assert.AreEqual("bill|2026-10", row.Value.RowKey);
        Assert.AreEqual("issued", row.Value.Status);
        Assert.AreEqual("import", row.Value.Source);
        Assert.AreEqual(183240L, row.Value.AmountDue);
        Assert.AreEqual(183240L, row.Value.ClosingBalance);
        Assert.IsNull(row.Value.Document);
        Assert.AreEqual(100000L, ImportRules.Bill(Row("bills", With(valid, "amountDue", "100000"))).Item1!.Value.AmountDue);
        Assert.AreEqual(0L, ImportRules.Bill(Row("bills", With(valid, "total", "-5000"))).Item1!.Value.AmountDue, "a credit: nothing to pay");
        AssertError(ImportRules.Bill(Row("bills", With(valid, "amountDue", "-1"))).Item2, "import.amount_negative", "amountDue");

        Assert.AreEqual(-5000L, ImportRules.Bill(Row("bills", With(valid, "total", "-5000"))).Item1!.Value.Total);
        Assert.AreEqual(0L, ImportRules.Bill(Row("bills", With(valid, "total", "0"))).Item1!.Value.Total);
        AssertError(ImportRules.Bill(Row("bills", With(valid, "total", "1832.40"))).Item2, "import.kopecks_fractional", "total");
        AssertError(ImportRules.Bill(Row("bills", With(valid, "period", "2026-10-01"))).Item2, "import.period_invalid", "period");
        AssertError(ImportRules.Bill(Row("bills", With(valid, "period", null))).Item2, "import.field_required", "period");
        AssertError(ImportRules.Bill(Row("bills", With(valid, "dueDate", "2026-11"))).Item2, "import.date_invalid", "dueDate");
        AssertError(ImportRules.Bill(Row("bills", With(valid, "status", "cancelled"))).Item2, "import.value_not_allowed", "status");
    }

    // ---- readings ----

    private static readonly Dictionary<string, string?> ValidReading = new()
    {
        ["providerId"] = "p1", ["accountNumber"] = "100200", ["serial"] = "SN-1", ["date"] = "2026-11-20", ["T1"] = "15738,5",
    };

    [TestMethod]
    public void A_reading_carries_its_zones_as_decimals()
    {
        var (row, error) = ImportRules.Reading(Row("readings", ValidReading));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual(15738.5m, row!.Value.Values["T1"]);
        Assert.AreEqual("import", row.Value.Channel);
        Assert.AreEqual("accepted", row.Value.Status);
        Assert.AreEqual("""{"T1":"15738.5"}""", ImportRules.ValuesJson(row.Value));
    }

    [TestMethod]
    [DataRow("T1", null, "import.reading_zones_mismatch", "T1")]
    [DataRow("T1", "-1", "import.number_out_of_range", "T1")]
    [DataRow("T1", "1.1234567", "import.too_many_fraction_digits", "T1")]
    [DataRow("T1", "abc", "import.number_invalid", "T1")]
    [DataRow("T1", "12345678901234567890123456789012345678901", "import.field_too_long", "T1")] // 41
    [DataRow("date", null, "import.field_required", "date")]
    [DataRow("serial", null, "import.field_required", "serial")]
    [DataRow("channel", "sms", "import.value_not_allowed", "channel")]
    [DataRow("status", "rejected", "import.value_not_allowed", "status")]
    [DataRow("T1", "1.123456", null, null)]
    [DataRow("T1", "0", null, null)]
    [DataRow("channel", "remote", null, null)]
    public void Reading_fields(string field, string? value, string? code, string? errorField)
    {
        var (row, error) = ImportRules.Reading(Row("readings", With(ValidReading, field, value)));
        if (code is null)
        {
            Assert.IsNull(error, error?.ToString());
            Assert.IsNotNull(row);
            return;
        }
        Assert.IsNull(row);
        AssertError(error, code, errorField);
    }

    private static ReadingValues Values(params (string Zone, decimal Value)[] values) =>
        new("SN-1", "2026-11-20", values.ToDictionary(v => v.Zone, v => v.Value), "accepted");

    private static MeterEntity Meter(string zoneSet = "T1", int digits = 6, int fraction = 0) =>
        new() { Serial = "SN-1", ZoneSet = zoneSet, Digits = digits, FractionDigits = fraction };

    [TestMethod]
    public void A_reading_has_exactly_the_zones_of_its_meter()
    {
        Assert.IsNull(ImportRules.CheckReading(Values(("T1", 1)), Meter()));
        Assert.IsNull(ImportRules.CheckReading(Values(("day", 1), ("night", 2)), Meter("day-night")));
        Assert.IsNull(ImportRules.CheckReading(Values(("night", 1), ("peak", 2), ("semipeak", 3)), Meter("peak-semipeak-night")));

        AssertError(ImportRules.CheckReading(Values(("day", 1)), Meter()), "import.reading_zones_mismatch", "day");
        AssertError(ImportRules.CheckReading(Values(("day", 1)), Meter("day-night")), "import.reading_zones_mismatch", "night");
        AssertError(ImportRules.CheckReading(Values(("day", 1), ("night", 2), ("T1", 3)), Meter("day-night")), "import.reading_zones_mismatch", "T1");
        AssertError(ImportRules.CheckReading(Values(("T1", 1)), Meter("peak-semipeak-night")), "import.reading_zones_mismatch", "T1");
        Assert.IsNull(ImportRules.CheckReading(Values(("T1", 1)), Meter("unknown")), "an unknown zone set reads as T1");
    }

    [TestMethod]
    [DataRow(6, 0, "999999", null)]
    [DataRow(6, 0, "1000000", "import.reading_exceeds_digits")]
    [DataRow(1, 0, "9", null)]
    [DataRow(1, 0, "10", "import.reading_exceeds_digits")]
    [DataRow(6, 1, "999999.9", null)]
    [DataRow(6, 1, "12.3", null)]
    [DataRow(6, 1, "12.30", null)] // trailing zero is no extra digit
    [DataRow(6, 1, "12.35", "import.too_many_fraction_digits")]
    [DataRow(6, 0, "12.0", null)]
    [DataRow(6, 0, "12.5", "import.too_many_fraction_digits")]
    [DataRow(9, 3, "999999999.999", null)]
    public void A_reading_fits_its_meter_register(int digits, int fraction, string value, string? code)
    {
        var error = ImportRules.CheckReading(Values(("T1", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))), Meter(digits: digits, fraction: fraction));
        if (code is null) Assert.IsNull(error, error?.ToString());
        else AssertError(error, code, "T1");
    }
}
