using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kabinet.Payments;

/// <summary>
/// Stripe-style signatures of gateway notifications: <c>Kabinet-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</c>.
/// Several v1 values and several secrets (rotation) are accepted; a t more than <see cref="Tolerance"/> from now either way is refused.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Kabinet-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    public const string InvalidCode = "payment.signature_invalid";
    public const string ExpiredCode = "payment.signature_expired";

    public static string Sign(string secret, long unixTime, ReadOnlySpan<byte> body) =>
        $"t={unixTime.ToString(CultureInfo.InvariantCulture)},v1={Hex(secret, unixTime, body)}";

    /// <summary>Null when the header is valid for one of the secrets, else the error code.</summary>
    public static string? Check(string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(header)) return InvalidCode;
        long? t = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) t = parsed;
            else if (key == "v1") signatures.Add(Encoding.ASCII.GetBytes(value.ToLowerInvariant()));
        }
        if (t is not { } time || signatures.Count == 0) return InvalidCode;
        foreach (var secret in secrets)
        {
            var expected = Encoding.ASCII.GetBytes(Hex(secret, time, body));
            foreach (var given in signatures)
                if (CryptographicOperations.FixedTimeEquals(expected, given))
                    // Both ways: a t far ahead would otherwise keep a captured notice replayable for as long as it is ahead.
                    return (now - DateTimeOffset.FromUnixTimeSeconds(time)).Duration() > Tolerance ? ExpiredCode : null;
        }
        return InvalidCode;
    }

    public static IReadOnlyList<string> Secrets(string? configured) =>
        (configured ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Hex(string secret, long t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }
}
