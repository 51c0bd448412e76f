using System.Text;
using Kabinet.Operators;

namespace Kabinet.Tests.Operators;

/// <summary>The streaming readers of import files, driven directly: caps, resynchronisation, section order, short reads.</summary>
[TestClass]
public sealed class ImportSourcesTests
{
    private const int Cap = 1024;

    /// <summary>A network-like stream: every read returns at most <c>max</c> bytes.</summary>
    private sealed class TrickleStream(byte[] bytes, int max) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, max));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, max)]);
    }

    private static List<SourceRow> Read(string text, string format, string kind = "accounts", int cap = Cap, int trickle = int.MaxValue)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return ImportSources.Read(position => new TrickleStream(bytes, trickle) { Position = position }, format, kind, cap).ToList();
    }

    private static string Code(Action read)
    {
        try { read(); }
        catch (ImportFileException e) { return e.Code; }
        return "no failure";
    }

    [TestMethod]
    public void Csv_read_a_byte_at_a_time_keeps_crlf_and_doubled_quotes()
    {
        var rows = Read("providerId,number\r\n\"a\"\"b\",1\r\n\"c\r\nd\",2\r\ne,3\r\n", "csv", trickle: 1);

        Assert.AreEqual(3, rows.Count);
        Assert.AreEqual("a\"b", rows[0].Fields["providerId"]);
        Assert.AreEqual(2, rows[0].Line);
        Assert.AreEqual("c\r\nd", rows[1].Fields["providerId"]);
        Assert.AreEqual(3, rows[1].Line);
        Assert.AreEqual(5, rows[2].Line);
        Assert.IsTrue(rows.All(r => r.Error is null));
    }

    [TestMethod]
    public void A_csv_record_over_the_cap_is_rejected_and_the_next_one_is_read_from_its_own_line()
    {
        var rows = Read($"providerId,number\np,1\np,{new string('x', 5000)}\np,\"{new string('y', 3000)}\nstill quoted, \"\"\"\np,4\n", "csv");

        Assert.AreEqual(4, rows.Count);
        Assert.IsNull(rows[0].Error);
        Assert.AreEqual("import.record_too_long", rows[1].Error);
        Assert.AreEqual(3, rows[1].Line);
        Assert.AreEqual("import.record_too_long", rows[2].Error, "a quoted field over the cap is skipped to its closing quote");
        Assert.AreEqual(4, rows[2].Line);
        Assert.AreEqual("4", rows[3].Fields["number"]);
        Assert.AreEqual(6, rows[3].Line);
    }

    [TestMethod]
    public void An_unclosed_quote_rejects_its_row_and_ends_the_file()
    {
        var rows = Read("providerId,number\np,1\n\"p,2\n" + string.Concat(Enumerable.Repeat("p,3\n", 2000)), "csv");

        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual("import.csv_unterminated_quote", rows[1].Error);
        Assert.AreEqual(3, rows[1].Line);
    }

    [TestMethod]
    public void A_csv_header_over_the_cap_fails_the_file()
    {
        Assert.AreEqual("import.header_too_long", Code(() => Read("providerId,number" + string.Concat(Enumerable.Repeat(",c", 1000)) + "\np,1\n", "csv")));
        Assert.AreEqual("import.csv_column_unknown", Code(() => Read("providerId,number" + string.Concat(Enumerable.Repeat(",c", 100)) + "\np,1\n", "csv")));
    }

    [TestMethod]
    public void Json_bundle_sections_are_read_in_processing_order_with_a_bom_and_short_reads()
    {
        var json = "\uFEFF{ \"readings\": [{\"providerId\":\"p\",\"serial\":\"s\"}],\n \"accounts\": [ {\"providerId\":\"p\",\"number\":\"1\"}, 7, {\"providerId\":\"p\",\"number\":\"2\",\"colour\":\"red\"} ],"
                   + " \"providers\": [{\"providerId\":\"p\",\"name\":\"\\u041E\\u043C\\u0441\\u043A\",\"acceptedProofs\":[\"lastBill\"]}] }";

        var rows = Read(json, "json", trickle: 3);

        CollectionAssert.AreEqual(new[] { "providers", "accounts", "accounts", "accounts", "readings" }, rows.Select(r => r.Kind).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, rows.Select(r => r.Row).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 1, 2, 3, 1 }, rows.Select(r => r.Index).ToArray());
        Assert.AreEqual("Омск", rows[0].Fields["name"]);
        Assert.AreEqual("lastBill", rows[0].Fields["acceptedProofs"]);
        Assert.AreEqual("import.row_not_object", rows[2].Error);
        Assert.AreEqual("import.field_unknown", rows[3].Error);
        Assert.AreEqual("s", rows[4].Fields["serial"]);
    }

    [TestMethod]
    public void Json_kind_may_follow_its_rows_and_a_repeated_section_keeps_the_last()
    {
        var rows = Read("{\"rows\":[{\"number\":\"1\"},{\"number\":\"2\"}],\"kind\":\"accounts\"}", "json");
        CollectionAssert.AreEqual(new[] { "1", "2" }, rows.Select(r => r.Fields["number"]).ToArray());

        var twice = Read("{\"accounts\":[{\"number\":\"old\"}],\"accounts\":[{\"number\":\"new\"}]}", "json");
        Assert.AreEqual("new", twice.Single().Fields["number"]);
    }

    [TestMethod]
    public void Json_elements_or_tokens_over_the_cap_fail_the_file_before_any_row()
    {
        var wide = "{\"accounts\":[{\"number\":\"1\"},{\"number\":\"2\"," + string.Concat(Enumerable.Repeat("\"x\":[1,2,3],", 500)) + "\"y\":1}]}";
        var e = Assert.ThrowsExactly<ImportFileException>(() => Read(wide, "json"));
        Assert.AreEqual("import.record_too_long", e.Code);
        StringAssert.Contains(e.Detail, "accounts[2]");

        Assert.AreEqual("import.record_too_long", Code(() => Read("{\"accounts\":[{\"number\":\"" + new string('z', 100_000) + "\"}]}", "json")));
        Assert.AreEqual("import.record_too_long", Code(() => Read("{\"accounts\":[{\"number\":1" + new string(' ', 100_000) + "}]}", "json")));
        Assert.AreEqual("import.json_invalid", Code(() => Read("{\"accounts\":[{\"number\":\"1\"}]} trailing", "json")));
        Assert.AreEqual("import.json_invalid", Code(() => Read("{\"accounts\":[1, 2", "json")));
        Assert.AreEqual("import.json_invalid", Code(() => Read("{\"accounts\":[" + new string('[', 20) + new string(']', 20) + "]}", "json")));
        Assert.AreEqual("import.json_shape", Code(() => Read("[1,2]", "json")));
        Assert.AreEqual("import.json_shape", Code(() => Read("{\"accounts\":\"no\"}", "json")));
        Assert.AreEqual("import.section_unknown", Code(() => Read("{\"accounts\":[],\"planets\":[]}", "json")));
        Assert.AreEqual("import.kind_unknown", Code(() => Read("{\"kind\":\"planets\",\"rows\":[]}", "json")));
    }

    [TestMethod]
    public void Row_size_and_cut_values_stay_bounded()
    {
        Assert.AreEqual(100, ImportRuns.Cut(new string('a', 40_000))!.Length);
        Assert.IsNull(ImportRuns.Cut(null));
        var row = new SourceRow(1, 2, "accounts", 1, new Dictionary<string, string?> { ["number"] = new string('n', 1000) });
        Assert.IsTrue(ImportRuns.Size(row) >= 2000);
    }

    [TestMethod]
    public void A_json_row_with_a_lone_surrogate_is_rejected_alone()
    {
        var rows = Read("{\"accounts\":[{\"number\":\"\\ud800\"},{\"number\":\"ok\"}]}", "json");

        Assert.AreEqual(2, rows.Count);
        Assert.AreEqual("import.text_invalid", rows[0].Error);
        Assert.AreEqual("number", rows[0].ErrorField);
        Assert.IsNull(rows[1].Error);
    }
}
