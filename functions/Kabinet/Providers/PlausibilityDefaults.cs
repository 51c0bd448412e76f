using System.Globalization;

namespace Kabinet.Providers;

/// <summary>
/// The plausibility band a provider has unless its import says otherwise: a reading's consumption may be up to
/// 70 % above and 40 % below the usual. Stored on <see cref="ProviderEntity"/> as invariant text.
/// </summary>
public static class PlausibilityDefaults
{
    public const decimal Above = 0.7m;
    public const decimal Below = 0.4m;
    public static readonly string AboveText = Above.ToString(CultureInfo.InvariantCulture);
    public static readonly string BelowText = Below.ToString(CultureInfo.InvariantCulture);
}
