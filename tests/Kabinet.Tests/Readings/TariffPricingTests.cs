using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Tests.Readings;

/// <summary>Pure pricing rules: volume bands on total consumption, split by zone shares, HALF_UP kopecks per line.</summary>
[TestClass]
public sealed class TariffPricingTests
{
    private static TariffEntity Tariff(string bands, string service = "electricity", string zoneSet = "T1", string from = "2026-01-01") => new()
    {
        PartitionKey = "omsk-energo", RowKey = $"{service}|{zoneSet}|{from}", Service = service, ZoneSet = zoneSet, EffectiveFrom = from, Bands = bands,
    };

    private static Dictionary<string, decimal> Use(params (string Zone, decimal Kwh)[] zones) => zones.ToDictionary(z => z.Zone, z => z.Kwh);

    private const string DayNightBanded = """
        [{"upTo":"3900","rates":{"day":"6.51","night":"3.20"}},
         {"upTo":"6000","rates":{"day":"7.80","night":"3.90"}},
         {"upTo":null,"rates":{"day":"9.10","night":"4.50"}}]
        """;

    [TestMethod]
    public void T1_unbanded_is_one_line_without_band_label()
    {
        var p = TariffPricing.Price(Tariff("""[{"upTo":null,"rates":{"T1":"5.67"}}]"""), Use(("T1", 150m)));
        Assert.AreEqual(1, p.Lines.Count);
        Assert.AreEqual(new PriceLine("T1", "", 150m, 5.67m, 85050), p.Lines[0]);
        Assert.AreEqual(85050L, p.Amount);
    }

    [TestMethod]
    public void Half_a_kopeck_rounds_up()
    {
        Assert.AreEqual(1L, TariffPricing.Price(Tariff("""[{"upTo":null,"rates":{"T1":"0.005"}}]"""), Use(("T1", 1m))).Amount);
        Assert.AreEqual(13L, TariffPricing.Price(Tariff("""[{"upTo":null,"rates":{"T1":"0.125"}}]"""), Use(("T1", 1m))).Amount);
        // 0.4 kopeck stays down; 12.345 ₽ → 1234.5 kopecks → 1235.
        Assert.AreEqual(0L, TariffPricing.Price(Tariff("""[{"upTo":null,"rates":{"T1":"0.004"}}]"""), Use(("T1", 1m))).Amount);
        Assert.AreEqual(1235L, TariffPricing.Price(Tariff("""[{"upTo":null,"rates":{"T1":"12.345"}}]"""), Use(("T1", 1m))).Amount);
    }

    [TestMethod]
    public void Lines_are_rounded_from_unrounded_quantities_and_total_is_their_sum()
    {
        // 0.5 kWh × 0.01 ₽ = 0.5 kopeck → 1 per line; three lines give 3, not round(1.5) = 2.
        var t = Tariff("""[{"upTo":null,"rates":{"peak":"0.01","semipeak":"0.01","night":"0.01"}}]""", zoneSet: "peak-semipeak-night");
        var p = TariffPricing.Price(t, Use(("peak", 0.5m), ("semipeak", 0.5m), ("night", 0.5m)));
        Assert.AreEqual(3, p.Lines.Count);
        Assert.IsTrue(p.Lines.All(l => l.Amount == 1));
        Assert.AreEqual(3L, p.Amount);
    }

    [TestMethod]
    public void Three_zones_price_each_zone_at_its_rate_in_zone_set_order()
    {
        var t = Tariff("""[{"upTo":null,"rates":{"peak":"7.20","semipeak":"5.67","night":"3.10"}}]""", zoneSet: "peak-semipeak-night");
        var p = TariffPricing.Price(t, Use(("night", 80m), ("peak", 40m), ("semipeak", 100.5m)));
        CollectionAssert.AreEqual(new[] { "peak", "semipeak", "night" }, p.Lines.Select(l => l.Zone).ToArray());
        Assert.AreEqual(28800L, p.Lines[0].Amount);  // 40 × 7.20 = 288.00
        Assert.AreEqual(56984L, p.Lines[1].Amount);  // 100.5 × 5.67 = 569.835 → 569.84
        Assert.AreEqual(24800L, p.Lines[2].Amount);  // 80 × 3.10 = 248.00
        Assert.AreEqual(28800L + 56984L + 24800L, p.Amount);
    }

    [TestMethod]
    public void Bands_split_across_zones_by_share_of_total()
    {
        // 5000 kWh, 3500 day / 1500 night (70/30): band 1 takes 3900 (2730 day, 1170 night), band 2 the other 1100 (770 / 330).
        var p = TariffPricing.Price(Tariff(DayNightBanded, zoneSet: "day-night"), Use(("day", 3500m), ("night", 1500m)));
        Assert.AreEqual(4, p.Lines.Count);
        Assert.AreEqual(new PriceLine("day", "0–3900", 2730m, 6.51m, 1777230), p.Lines[0]);   // 2730 × 6.51 = 17772.30
        Assert.AreEqual(new PriceLine("night", "0–3900", 1170m, 3.20m, 374400), p.Lines[1]);  // 1170 × 3.20 = 3744.00
        Assert.AreEqual(new PriceLine("day", "3900–6000", 770m, 7.80m, 600600), p.Lines[2]);  // 770 × 7.80 = 6006.00
        Assert.AreEqual(new PriceLine("night", "3900–6000", 330m, 3.90m, 128700), p.Lines[3]); // 330 × 3.90 = 1287.00
        Assert.AreEqual(2880930L, p.Amount);  // 17772.30 + 3744.00 + 6006.00 + 1287.00 = 28809.30 ₽
    }

    [TestMethod]
    public void Bands_split_by_a_share_that_is_not_exact_stays_unrounded()
    {
        // 4000 kWh, 1/3 day: band 1 holds 1300 day + 2600 night; band 2 holds 100 × 1/3 day (33.33…) and 66.66… night.
        var p = TariffPricing.Price(Tariff(DayNightBanded, zoneSet: "day-night"), Use(("day", 4000m / 3), ("night", 8000m / 3)));
        Assert.AreEqual(4, p.Lines.Count);
        Assert.AreEqual(3900m, Math.Round(p.Lines[0].Quantity + p.Lines[1].Quantity, 20));
        Assert.AreEqual(100m, Math.Round(p.Lines[2].Quantity + p.Lines[3].Quantity, 20));
        Assert.AreEqual(846300L, p.Lines[0].Amount);  // 1300 × 6.51 = 8463.00
        Assert.AreEqual(832000L, p.Lines[1].Amount);  // 2600 × 3.20 = 8320.00
        Assert.AreEqual(26000L, p.Lines[2].Amount);   // 33.333… × 7.80 = 260.00
        Assert.AreEqual(26000L, p.Lines[3].Amount);   // 66.666… × 3.90 = 260.00
        Assert.AreEqual(846300L + 832000L + 26000L + 26000L, p.Amount);
    }

    [TestMethod]
    public void Exactly_at_a_band_edge_stays_in_the_lower_band()
    {
        var t = Tariff(DayNightBanded, zoneSet: "day-night");
        var at = TariffPricing.Price(t, Use(("day", 3900m), ("night", 0m)));
        Assert.AreEqual(1, at.Lines.Count);
        Assert.AreEqual(new PriceLine("day", "0–3900", 3900m, 6.51m, 2538900), at.Lines[0]);

        var past = TariffPricing.Price(t, Use(("day", 3900.001m)));
        Assert.AreEqual(2, past.Lines.Count);
        Assert.AreEqual("3900–6000", past.Lines[1].Band);
        Assert.AreEqual(0.001m, past.Lines[1].Quantity);
        Assert.AreEqual(1L, past.Lines[1].Amount);  // 0.0078 ₽ → 0.78 kopeck → 1

        var top = TariffPricing.Price(t, Use(("day", 6500m)));
        CollectionAssert.AreEqual(new[] { "0–3900", "3900–6000", "6000+" }, top.Lines.Select(l => l.Band).ToArray());
        CollectionAssert.AreEqual(new[] { 3900m, 2100m, 500m }, top.Lines.Select(l => l.Quantity).ToArray());
    }

    [TestMethod]
    public void Bands_are_ordered_by_limit_whatever_the_stored_order()
    {
        var t = Tariff("""[{"upTo":null,"rates":{"T1":"9"}},{"upTo":"100","rates":{"T1":"1"}}]""");
        var p = TariffPricing.Price(t, Use(("T1", 150m)));
        CollectionAssert.AreEqual(new[] { "0–100", "100+" }, p.Lines.Select(l => l.Band).ToArray());
        Assert.AreEqual(100L * 100 + 50L * 900, p.Amount);
    }

    [TestMethod]
    public void Zero_or_negative_consumption_gives_no_lines()
    {
        var t = Tariff(DayNightBanded, zoneSet: "day-night");
        var zero = TariffPricing.Price(t, Use(("day", 0m), ("night", 0m)));
        Assert.AreEqual(0, zero.Lines.Count);
        Assert.AreEqual(0L, zero.Amount);
        Assert.AreEqual(0, TariffPricing.Price(t, Use(("day", -5m))).Lines.Count);
        Assert.AreEqual(0L, TariffPricing.Price(t, Use()).Amount);
        // A negative zone counts as zero; the other zone takes the whole volume.
        var p = TariffPricing.Price(t, Use(("day", -5m), ("night", 10m)));
        Assert.AreEqual(1, p.Lines.Count);
        Assert.AreEqual(new PriceLine("night", "0–3900", 10m, 3.20m, 3200), p.Lines[0]);
    }

    [TestMethod]
    public void A_zone_without_a_rate_is_rejected()
    {
        var t = Tariff("""[{"upTo":null,"rates":{"T1":"5.67"}}]""");
        Assert.ThrowsExactly<ArgumentException>(() => TariffPricing.Price(t, Use(("day", 10m))));
        var banded = Tariff("""[{"upTo":"100","rates":{"day":"1","night":"1"}},{"upTo":null,"rates":{"day":"2"}}]""", zoneSet: "day-night");
        Assert.ThrowsExactly<ArgumentException>(() => TariffPricing.Price(banded, Use(("day", 1m), ("night", 1m))));
    }

    [TestMethod]
    public void Malformed_bands_are_rejected()
    {
        foreach (var bands in new[] { "", "[]", "{}", "not json", """[{"upTo":"100","rates":{"T1":"1"}}]""", """[{"upTo":null,"rates":{"T1":"x"}}]""" })
            Assert.ThrowsExactly<ArgumentException>(() => TariffPricing.Price(Tariff(bands), Use(("T1", 1m))), bands);
    }

    [TestMethod]
    public void InForce_picks_the_latest_effective_tariff_of_the_service_and_zone_set()
    {
        var jan = Tariff("""[{"upTo":null,"rates":{"T1":"5"}}]""", from: "2026-01-01");
        var jul = Tariff("""[{"upTo":null,"rates":{"T1":"6"}}]""", from: "2026-07-01");
        var future = Tariff("""[{"upTo":null,"rates":{"T1":"7"}}]""", from: "2027-01-01");
        var dayNight = Tariff("""[{"upTo":null,"rates":{"day":"9","night":"1"}}]""", zoneSet: "day-night", from: "2026-08-01");
        var gas = Tariff("""[{"upTo":null,"rates":{"T1":"1"}}]""", service: "gas", from: "2026-08-01");
        TariffEntity[] all = [future, dayNight, jul, gas, jan];

        Assert.IsNull(TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2025, 12, 31)));
        Assert.AreSame(jan, TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2026, 1, 1)));
        Assert.AreSame(jan, TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2026, 6, 30)));
        Assert.AreSame(jul, TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2026, 7, 1)));
        Assert.AreSame(jul, TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2026, 11, 25)));
        Assert.AreSame(future, TariffPricing.InForce(all, "electricity", "T1", new DateOnly(2027, 3, 1)));
        Assert.AreSame(dayNight, TariffPricing.InForce(all, "electricity", "day-night", new DateOnly(2026, 11, 25)));
        Assert.IsNull(TariffPricing.InForce(all, "electricity", "day-night", new DateOnly(2026, 7, 31)));
        Assert.AreSame(gas, TariffPricing.InForce(all, "gas", "T1", new DateOnly(2026, 11, 25)));
        Assert.IsNull(TariffPricing.InForce(all, "water", "T1", new DateOnly(2026, 11, 25)));
        Assert.IsNull(TariffPricing.InForce([], "electricity", "T1", new DateOnly(2026, 11, 25)));
    }
}
