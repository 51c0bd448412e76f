using System.Globalization;
using System.Text.RegularExpressions;
using Kabinet.Auth;

namespace Kabinet.Profile;

/// <summary>Pure checks of the profile's personal data.</summary>
public static partial class ProfileRules
{
    public const int MaxNameLength = 50;
    public static readonly string[] Genders = ["male", "female"];

    // Runs of letters (with their combining marks) joined by single spaces, hyphens or apostrophes,
    // an initial's dot at the end at most: "Мамин-Сибиряк", "О'Нил", "Анна Мария".
    [GeneratedRegex(@"^\p{L}[\p{L}\p{M}]*(?:[ \-'’]\p{L}[\p{L}\p{M}]*)*\.?$")]
    private static partial Regex NamePattern();

    /// <summary>Null when fine, else the error code.</summary>
    public static string? CheckName(string? name, bool required)
    {
        if (string.IsNullOrWhiteSpace(name)) return required ? "profile.name_required" : null;
        var trimmed = name.Trim().Normalize();
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

    /// <summary>A closed set: exactly "ru" or "en" (absent keeps the current one).</summary>
    public static string? CheckLanguage(string? value) =>
        value is null || Languages.All.Contains(value) ? null : "profile.language_invalid";

    /// <summary>Bills go to the profile's e-mail, so choosing them needs one that is confirmed; turning them off always works.</summary>
    public static string? CheckBillsByEmail(bool? wanted, string? email, bool emailConfirmed) =>
        wanted == true && !CanBillByEmail(email, emailConfirmed) ? EmailNotConfirmed : null;

    public static bool CanBillByEmail(string? email, bool emailConfirmed) => emailConfirmed && !string.IsNullOrWhiteSpace(email);

    /// <summary>The same condition and code as an account's e-mail delivery (PATCH /api/accounts/{id}).</summary>
    public const string EmailNotConfirmed = "account.email_not_confirmed";
}
