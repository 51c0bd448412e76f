using System.Text;

namespace Kabinet.Accounts;

/// <summary>
/// The account holder's name as the provider's file gives it ("Фамилия Имя Отчество", <see cref="AccountEntity.HolderName"/>) and
/// a last name a person types for it (seed 003: paying another's account by its number and the holder's last name).
/// </summary>
public static class HolderNames
{
    public const int MaxLastNameLength = 100;

    /// <summary>The holder's last name: the first word of the holder's name; null when there is none.</summary>
    public static string? LastName(string? holder) =>
        (holder ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words[0] : null;

    /// <summary>A name as compared: composed (NFC), trimmed, upper-cased, Ё as Е, any dash as "-", no spaces around a dash.</summary>
    public static string Normalize(string name)
    {
        var folded = name.Normalize(NormalizationForm.FormC).Trim().ToUpperInvariant().Replace('Ё', 'Е');
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded) builder.Append(c is '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' ? '-' : c);
        return string.Join('-', builder.ToString().Split('-').Select(p => p.Trim()));
    }

    /// <summary>Whether <paramref name="lastName"/> is the holder's last name (case, ё/е and dashes aside).</summary>
    public static bool MatchesLastName(string? holder, string? lastName)
    {
        if (LastName(holder) is not { } last || string.IsNullOrWhiteSpace(lastName)) return false;
        return Normalize(last) == Normalize(lastName);
    }
}
