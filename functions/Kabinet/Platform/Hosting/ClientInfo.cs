using System.Net;
using Microsoft.Extensions.Options;

namespace Kabinet.Platform.Hosting;

/// <summary>Who is calling: the client address and a readable device name.</summary>
public static class ClientInfo
{
    private static readonly NetworkOptions Defaults = new();

    public static void AddClientInfo(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>The address the outermost trusted proxy saw (<see cref="NetworkOptions"/>), else the connection's own.</summary>
    public static string Address(HttpContext http)
    {
        var options = http.RequestServices?.GetService<IOptions<NetworkOptions>>()?.Value ?? Defaults;
        return Pick(http.Request.Headers[options.ForwardedHeader].ToString(), options.TrustedProxies)
            ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>
    /// The entry the outermost of <paramref name="trustedProxies"/> proxies appended: counted from the
    /// end, since each proxy appends. Entries before it were written by the client and are ignored; with
    /// fewer entries than proxies the first one is the caller. Null when there is nothing (usable) to believe.
    /// </summary>
    public static string? Pick(string? header, int trustedProxies)
    {
        if (trustedProxies <= 0 || string.IsNullOrWhiteSpace(header)) return null;
        var entries = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0) return null;
        return ParseAddress(entries[Math.Max(0, entries.Length - trustedProxies)]);
    }

    /// <summary>An address, "address:port", "[v6]:port", or an RFC 7239 element (<c>for="[v6]:port";proto=https</c>).</summary>
    private static string? ParseAddress(string entry)
    {
        foreach (var pair in entry.Split(';', StringSplitOptions.TrimEntries))
            if (pair.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
            {
                entry = pair[4..].Trim('"');
                break;
            }
        if (IPAddress.TryParse(entry, out var address)) return address.ToString();
        if (IPEndPoint.TryParse(entry, out var endpoint)) return endpoint.Address.ToString();
        return null;
    }

    public static string Device(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        var clean = new string(agent.Where(c => !char.IsControl(c)).Take(200).ToArray()).Trim();
        return clean.Length == 0 ? "unknown device" : clean;
    }
}
