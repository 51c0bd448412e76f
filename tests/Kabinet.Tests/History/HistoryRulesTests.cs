using Kabinet.History;

namespace Kabinet.Tests.History;

[TestClass]
public sealed class HistoryRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    private static HistoryEntry E(int minutes, string key) =>
        new(T0.AddMinutes(minutes), key, new HistoryItemView("payments", T0.AddMinutes(minutes), "a", "1", "p", null));

    [TestMethod]
    public void Defaults_select_every_type_provider_and_account_and_20_items()
    {
        var (q, errors) = HistoryRules.Parse(null, null, null, null, null, null);
        Assert.AreEqual(0, errors.Count);
        CollectionAssert.AreEquivalent(HistoryTypes.All, q.Types.ToArray());
        Assert.IsNull(q.ProviderIds);
        Assert.IsNull(q.AccountIds);
        Assert.AreEqual(20, q.Limit);
        Assert.IsTrue(q.Selects("any", "any"));
    }

    [TestMethod]
    public void Lists_are_comma_separated_and_blanks_are_dropped()
    {
        var (q, errors) = HistoryRules.Parse("bills, readings,", "p1", "a1,a2", "2026-11-01", "2026-11-01", "100");
        Assert.AreEqual(0, errors.Count);
        CollectionAssert.AreEquivalent(new[] { "bills", "readings" }, q.Types.ToArray());
        Assert.IsTrue(q.Selects("a2", "p1"));
        Assert.IsFalse(q.Selects("a3", "p1"));
        Assert.IsFalse(q.Selects("a1", "p2"));
        Assert.AreEqual(100, q.Limit);
    }

    [TestMethod]
    [DataRow("type", "bills,fines", null, null, null, "history.type_invalid")]
    [DataRow("type", "Bills", null, null, null, "history.type_invalid")]
    [DataRow("from", null, "2026-13-01", null, null, "history.range_invalid")]
    [DataRow("to", null, null, "01.11.2026", null, "history.range_invalid")]
    [DataRow("from", null, "2026-11-02", "2026-11-01", null, "history.range_invalid")]
    [DataRow("limit", null, null, null, "0", "list.limit_invalid")]
    [DataRow("limit", null, null, null, "101", "list.limit_invalid")]
    [DataRow("limit", null, null, null, "-1", "list.limit_invalid")]
    [DataRow("limit", null, null, null, "ten", "list.limit_invalid")]
    public void Bad_values_are_field_errors(string field, string? type, string? from, string? to, string? limit, string code)
    {
        var (_, errors) = HistoryRules.Parse(type, null, null, from, to, limit);
        Assert.AreEqual(1, errors.Count);
        Assert.AreEqual(field, errors[0].Field);
        Assert.AreEqual(code, errors[0].Code);
    }

    [TestMethod]
    public void The_range_is_utc_days_inclusive()
    {
        var day = new DateOnly(2026, 11, 10);
        Assert.IsTrue(HistoryRules.InRange(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), day, day));
        Assert.IsTrue(HistoryRules.InRange(new DateTimeOffset(2026, 11, 10, 23, 59, 59, TimeSpan.Zero), day, day));
        Assert.IsFalse(HistoryRules.InRange(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero), day, day));
        // 01:00 in Moscow on the 11th is still the 10th in UTC.
        Assert.IsTrue(HistoryRules.InRange(new DateTimeOffset(2026, 11, 11, 1, 0, 0, TimeSpan.FromHours(3)), day, day));
        Assert.IsTrue(HistoryRules.InRange(T0, null, null));
    }

    [TestMethod]
    public void Newest_first_and_equal_times_by_key_descending()
    {
        var (page, next) = HistoryRules.Page([E(0, "a"), E(5, "x"), E(0, "b"), E(-5, "z")], null, null, null, 10);
        CollectionAssert.AreEqual(new[] { "x", "b", "a", "z" }, page.Select(e => e.Key).ToArray());
        Assert.IsNull(next);
    }

    [TestMethod]
    public void Pages_cover_everything_once_even_across_equal_times()
    {
        var all = Enumerable.Range(0, 23).Select(i => E(i / 4, "k" + i.ToString("D2"))).ToList();
        var seen = new List<string>();
        HistoryPosition? after = null;
        var pages = 0;
        do
        {
            var (page, next) = HistoryRules.Page(all, null, null, after, 5);
            seen.AddRange(page.Select(e => e.Key));
            // The cursor survives its text form.
            after = next is null ? null : HistoryRules.Position(HistoryRules.Parts(next));
            pages++;
        } while (after is not null);
        Assert.AreEqual(5, pages);
        var expected = all.OrderByDescending(e => e.At).ThenByDescending(e => e.Key, StringComparer.Ordinal).Select(e => e.Key).ToList();
        CollectionAssert.AreEqual(expected, seen);
    }

    [TestMethod]
    public void An_exactly_full_last_page_has_no_next()
    {
        var (page, next) = HistoryRules.Page([E(0, "a"), E(1, "b")], null, null, null, 2);
        Assert.AreEqual(2, page.Count);
        Assert.IsNull(next);
    }

    [TestMethod]
    public void Bad_cursor_parts_are_no_position()
    {
        Assert.IsNull(HistoryRules.Position(["123", "k"]));
        Assert.IsNull(HistoryRules.Position(["abcdefghijklmnopqrs", "k"]));
        Assert.IsNull(HistoryRules.Position(["9999999999999999999", "k"]));
        Assert.IsNull(HistoryRules.Position([T0.UtcTicks.ToString("D19"), ""]));
        Assert.IsNotNull(HistoryRules.Position([T0.UtcTicks.ToString("D19"), "k"]));
    }
}
