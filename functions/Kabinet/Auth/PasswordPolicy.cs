namespace Kabinet.Auth;

/// <summary>
/// Seed 004's password rules: Latin letters only, at least 8 characters, upper case, lower case,
/// a digit, no spaces (any other printable symbol is fine). Every broken rule is reported.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static IReadOnlyList<string> Violations(string? password)
    {
        var broken = new List<string>();
        password ??= "";
        if (password.Length < MinLength) broken.Add("password.too_short");
        if (password.Length > MaxLength) broken.Add("password.too_long");
        if (password.Any(c => char.IsLetter(c) && !char.IsAsciiLetter(c))) broken.Add("password.non_latin_letters");
        if (!password.Any(char.IsAsciiLetterUpper)) broken.Add("password.no_upper_case");
        if (!password.Any(char.IsAsciiLetterLower)) broken.Add("password.no_lower_case");
        if (!password.Any(char.IsAsciiDigit)) broken.Add("password.no_digit");
        if (password.Any(char.IsWhiteSpace)) broken.Add("password.has_spaces");
        if (password.Any(char.IsControl)) broken.Add("password.control_characters");
        return broken;
    }
}
