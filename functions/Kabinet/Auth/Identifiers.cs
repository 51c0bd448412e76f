using System.Net.Mail;
using System.Text;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

public enum LoginKind { Phone, Email }

/// <summary>A phone in E.164 or a lower-cased e-mail: the one form a login is stored and compared in.</summary>
public readonly record struct LoginId(LoginKind Kind, string Value)
{
    public string Key => (Kind == LoginKind.Phone ? "phone:" : "email:") + TableKeys.Escape(Value);
    public override string ToString() => Value;
}

/// <summary>Pure rules for phones and e-mails.</summary>
public static class Identifiers
{
    public const int MaxEmailLength = 254;

    /// <summary>
    /// Russian mobile and landline numbers in any usual spelling (<c>8 913 …</c>, <c>+7 (913) …</c>,
    /// <c>7913…</c>, <c>913…</c>) become <c>+7XXXXXXXXXX</c>; other countries must be written with <c>+</c>.
    /// </summary>
    public static string? NormalizePhone(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32) return null;
        var digits = new StringBuilder();
        var plus = false;
        foreach (var c in input.Trim())
        {
            if (c is >= '0' and <= '9') digits.Append(c);
            else if (c == '+' && digits.Length == 0 && !plus) plus = true;
            else if (c is ' ' or '-' or '(' or ')' or '.' or '\u00A0') continue;
            else return null;
        }
        var d = digits.ToString();
        if (plus)
        {
            if (d.StartsWith('7')) return d.Length == 11 ? "+" + d : null;
            return d.Length is >= 8 and <= 15 && d[0] != '0' ? "+" + d : null;
        }
        return d.Length switch
        {
            11 when d[0] is '7' or '8' => "+7" + d[1..],
            10 => "+7" + d,
            _ => null,
        };
    }

    public static string? NormalizeEmail(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var email = input.Trim().ToLowerInvariant();
        if (email.Length > MaxEmailLength || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return null;
        var at = email.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == email.Length - 1 || !email[(at + 1)..].Contains('.')) return null;
        return MailAddress.TryCreate(email, out var parsed) && parsed.Address == email ? email : null;
    }

    /// <summary>A login is an e-mail when it has an @, otherwise a phone.</summary>
    public static LoginId? ParseLogin(string? login)
    {
        if (string.IsNullOrWhiteSpace(login)) return null;
        if (login.Contains('@'))
            return NormalizeEmail(login) is { } email ? new LoginId(LoginKind.Email, email) : null;
        return NormalizePhone(login) is { } phone ? new LoginId(LoginKind.Phone, phone) : null;
    }

    /// <summary>+7 913 ***-**-67 / i***@example.com: enough for a person to recognise their own contact.</summary>
    public static string Mask(LoginId id)
    {
        if (id.Kind == LoginKind.Phone)
            return id.Value.Length > 6 ? id.Value[..5] + new string('*', id.Value.Length - 7) + id.Value[^2..] : id.Value;
        var at = id.Value.IndexOf('@');
        return id.Value[0] + new string('*', Math.Max(1, at - 1)) + id.Value[at..];
    }
}
