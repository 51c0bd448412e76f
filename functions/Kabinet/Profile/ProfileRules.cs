using System.Globalization;
using System.Text.RegularExpressions;

namespace Kabinet.Profile;

/// <summary>Pure checks of the profile's personal data.</summary>
public static partial class ProfileRules
{
    public const int MaxNameLength = 50;
    public static readonly string[] Genders = ["male", "female"];

    // Letters of any alphabet, joined by single spaces, hyphens, apostrophes or dots: "Мамин-Сибиряк", "О'Нил".
    [GeneratedRegex(@"^\p{L}+(?:[ \-'’.]\p{L}*)*$")]
    private static partial Regex NamePattern();

    /// <summary>Null when fine, else the error code.</summary>
    public static string? CheckName(string? name, bool required)
    {
        if (string.IsNullOrWhiteSpace(name)) return required ? "profile.name_required" : null;
        var trimmed = name.Trim();
        if (trimmed.Length > MaxNameLength) return "profile.name_too_long";
        return NamePattern().IsMatch(trimmed) ? null : "profile.name_invalid";
    }

    public static string? CheckBirthDate(string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return "profile.birth_date_invalid";
        return date < new DateOnly(1900, 1, 1) || date > today.AddYears(-14) ? "profile.birth_date_out_of_range" : null;
    }

    public static string? CheckGender(string? value) =>
        string.IsNullOrEmpty(value) || Genders.Contains(value) ? null : "profile.gender_invalid";
}
