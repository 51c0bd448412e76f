using System.Security.Cryptography;
using System.Text;

namespace Kabinet.Auth;

/// <summary>Random tokens and codes, and the keyed hashes they are stored as.</summary>
public static class Secrets
{
    public static string NewCode(int digits = 5) =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, digits)).ToString(new string('0', digits));

    public static string NewToken(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>HMAC-SHA256 under the server key: a leaked table does not let anyone test codes offline.</summary>
    public static string KeyedHash(byte[] key, string value) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));

    public static bool KeyedHashEquals(byte[] key, string value, string expectedHex) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(KeyedHash(key, value)), Encoding.ASCII.GetBytes(expectedHex));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
