using System.Net;
using System.Text;
using System.Text.Json;
using Kabinet.Operators;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Readings;

/// <summary>
/// Digits of other scripts ("١" Arabic-Indic, "１" full-width) match <c>\d</c> but not <c>decimal.Parse</c>: they were a 500.
/// Input is read with ASCII digits only.
/// </summary>
[TestClass]
public sealed class NonAsciiDigitsTests
{
    private static readonly TestClock Clock = new() { Now = new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero) };
    private static TestUser _user = null!;
    private static readonly TestApp App = new(clock: Clock);
    private static HttpClient _client => App.Client;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _user = await App.MintAsync();

    [ClassCleanup]
    public static void Stop() => App.Dispose();

    [TestMethod]
    [DataRow("١")]
    [DataRow("１")]
    [DataRow("１２３")]
    [DataRow("12٣")]
    [DataRow("1,５")]
    public void The_rule_reads_other_scripts_digits_as_not_a_number(string text)
    {
        var (_, error) = ReadingRules.ParseValue(JsonSerializer.SerializeToElement(text), 6, 1);

        Assert.AreEqual(ReadingRules.NotANumber, error);
    }

    [TestMethod]
    [DataRow("١")]
    [DataRow("１")]
    [DataRow("１２３")]
    public async Task A_submission_in_other_digits_is_422_with_a_reading_code(string text)
    {
        var (_, accountId) = await ReadingsData.AccountAsync(_user.Id);
        var serial = await ReadingsData.MeterAsync(accountId);

        var r = await _client.SubmitAsync(_user, accountId, serial, new Dictionary<string, string> { ["T1"] = text });

        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, r.Status, r.Describe());
        Assert.AreEqual(ReadingRules.NotANumber, r.ErrorOf("values.T1").GetProperty("code").GetString());
    }

    private static SourceRow Row(string kind, Dictionary<string, string?> fields) => new(1, 2, kind, 1, fields);

    [TestMethod]
    public void An_import_reading_row_in_full_width_digits_is_rejected()
    {
        var (row, error) = ImportRules.Reading(Row("readings", new()
        {
            ["providerId"] = "p1", ["accountNumber"] = "100", ["serial"] = "S1", ["date"] = "2026-10-25", ["T1"] = "１２３",
        }));

        Assert.IsNull(row);
        Assert.IsNotNull(error);
        Assert.AreEqual("import.number_invalid", error.Code, error.ToString());
    }

    [TestMethod]
    public void An_import_integer_in_full_width_digits_is_not_a_number()
    {
        var f = new FieldReader(new Dictionary<string, string?> { ["rooms"] = "３" });

        Assert.IsNull(f.Int("rooms", 0, 100));
        Assert.AreEqual("import.number_invalid", f.Error?.Code);
    }

    [TestMethod]
    public void Zone_hours_in_full_width_digits_are_refused_not_thrown()
    {
        var (row, error) = ImportRules.Tariff(Row("tariffs", new()
        {
            ["providerId"] = "p1", ["service"] = "electricity", ["zoneSet"] = "day-night", ["effectiveFrom"] = "2026-01-01", ["day"] = "6.1", ["night"] = "3.2",
            ["zoneHours"] = """{"day":["0７:00-23:00"],"night":["23:00-07:00"]}""", // [01]\d took "0７" and int.Parse threw
        }));

        Assert.IsNull(row);
        Assert.AreEqual("import.zone_hours_invalid", error?.Code);
    }
}
