using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kabinet.Platform.Paging;

/// <summary>
/// The opaque cursor of every list: base64url of the key parts after which the next page starts (a JSON array of
/// strings) followed by an 8-byte check over the list's name, its owner and the parts. A cursor that was edited, cut, or
/// carried to another list or another owner fails the check (→ 422 <c>list.cursor_invalid</c>), and no storage key or
/// continuation token is taken from a client unchecked. The check is not a secret: every list query stays within
/// the caller's own partition and each list still validates the parts, so a forged cursor reaches nothing the
/// caller could not list anyway.
/// </summary>
public static class PageCursor
{
    public const string InvalidCode = "list.cursor_invalid";
    /// <summary>Longer text is refused before it is decoded.</summary>
    public const int MaxLength = 1024;
    private const int CheckBytes = 8;

    /// <param name="list">The list and its owner, e.g. <c>"audit/" + userId</c>: a cursor opens only the list it came from.</param>
    public static string Encode(string list, params string[] parts)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(parts);
        return Base64Url.EncodeToString([.. payload, .. Check(list, payload)]);
    }

    /// <summary>The key parts of a cursor of <paramref name="list"/> with exactly <paramref name="count"/> parts; null for anything else.</summary>
    public static string[]? Decode(string cursor, string list, int count)
    {
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor)) return null;
        var bytes = Base64Url.DecodeFromChars(cursor);
        if (bytes.Length <= CheckBytes) return null;
        var payload = bytes.AsSpan(0, bytes.Length - CheckBytes);
        if (!CryptographicOperations.FixedTimeEquals(Check(list, payload), bytes.AsSpan(bytes.Length - CheckBytes))) return null;
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(payload);
            return parts is { } p && p.Length == count && p.All(x => x is not null) ? p : null;
        }
        catch (JsonException) { return null; }
    }

    private static byte[] Check(string list, ReadOnlySpan<byte> payload)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes("kabinet-cursor\n" + list + "\n"));
        hash.AppendData(payload);
        return hash.GetHashAndReset()[..CheckBytes];
    }
}
