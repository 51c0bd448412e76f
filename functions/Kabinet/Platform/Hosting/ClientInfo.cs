namespace Kabinet.Platform.Hosting;

/// <summary>Who is calling: the client address and a readable device name.</summary>
public static class ClientInfo
{
    /// <summary>
    /// Behind the Functions front end the caller is the last X-Forwarded-For entry (the one the
    /// platform appended); anything before it was written by the client and is not trusted.
    /// </summary>
    public static string Address(HttpContext http)
    {
        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            // The platform may write "address:port"; anything that is not an address is ignored.
            var last = forwarded.Split(',')[^1].Trim();
            if (System.Net.IPAddress.TryParse(last, out var address)) return address.ToString();
            if (System.Net.IPEndPoint.TryParse(last, out var endpoint)) return endpoint.Address.ToString();
        }
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static string Device(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        var clean = new string(agent.Where(c => !char.IsControl(c)).Take(200).ToArray()).Trim();
        return clean.Length == 0 ? "unknown device" : clean;
    }
}
