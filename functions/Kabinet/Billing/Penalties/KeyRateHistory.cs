using System.Globalization;

namespace Kabinet.Billing.Penalties;

/// <summary>The Bank of Russia key rate by the day it took effect: pure, built from the shipped history and the operator's rows.</summary>
public sealed class KeyRateHistory
{
    private readonly DateOnly[] _from;
    private readonly decimal[] _rate;

    public KeyRateHistory(IEnumerable<KeyRateChange> changes)
    {
        var sorted = changes.GroupBy(c => c.EffectiveFrom).Select(g => g.Last()).OrderBy(c => c.EffectiveFrom).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no key rates", nameof(changes));
        _from = sorted.Select(c => c.EffectiveFrom).ToArray();
        _rate = sorted.Select(c => c.Rate).ToArray();
    }

    public IReadOnlyList<KeyRateChange> Changes => _from.Select((f, i) => new KeyRateChange(f, _rate[i])).ToList();

    /// <summary>Percent per year in force on the day (the earliest known rate for a day before the history starts).</summary>
    public decimal RateOn(DateOnly day)
    {
        var i = Array.BinarySearch(_from, day);
        if (i < 0) i = ~i - 1;
        return _rate[Math.Max(i, 0)];
    }

    /// <summary>The history as shipped: the embedded key-rates.csv (effectiveFrom,rate).</summary>
    public static KeyRateHistory Shipped { get; } = new(ShippedChanges());

    /// <summary>The shipped history with the operator's rows: a row on the same day replaces the shipped rate, a new day adds one.</summary>
    public static KeyRateHistory Merge(KeyRateHistory shipped, IEnumerable<KeyRateChange> overrides) =>
        new(shipped.Changes.Concat(overrides)); // GroupBy(...).Last() keeps the override

    public static IReadOnlyList<KeyRateChange> ParseCsv(string text)
    {
        var changes = new List<KeyRateChange>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("effectiveFrom", StringComparison.Ordinal) || line.StartsWith('#')) continue;
            var parts = line.Split(',');
            changes.Add(new KeyRateChange(DateOnly.ParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                decimal.Parse(parts[1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)));
        }
        return changes;
    }

    private static IReadOnlyList<KeyRateChange> ShippedChanges()
    {
        using var stream = typeof(KeyRateHistory).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("key-rates.csv is not embedded");
        using var reader = new StreamReader(stream);
        return ParseCsv(reader.ReadToEnd());
    }

    public const string ResourceName = "Kabinet.Billing.Penalties.key-rates.csv";
}

public sealed record KeyRateChange(DateOnly EffectiveFrom, decimal Rate);
