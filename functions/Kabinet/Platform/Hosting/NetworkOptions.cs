using System.ComponentModel.DataAnnotations;

namespace Kabinet.Platform.Hosting;

/// <summary>
/// Where the client address comes from (section <c>Network</c>). Each proxy in front of the app
/// appends the address it was called from to <see cref="ForwardedHeader"/>; only the entries the
/// <see cref="TrustedProxies"/> nearest proxies wrote are believed, the rest is whatever the client sent.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>The header the proxies append to (X-Forwarded-For; RFC 7239 <c>Forwarded</c> works too).</summary>
    [Required] public string ForwardedHeader { get; set; } = "X-Forwarded-For";

    /// <summary>
    /// How many proxies stand in front of the app. 1: the Functions front end, which appends the
    /// caller's address (so the last entry). Add one for each proxy before it (Front Door, a gateway);
    /// 0 ignores the header and takes the connection's address.
    /// </summary>
    [Range(0, 10)] public int TrustedProxies { get; set; } = 1;
}
