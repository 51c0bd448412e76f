using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Kabinet.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    /// <summary>The key in local.settings.sample.json: fine on a laptop, refused in every environment but Development.</summary>
    public const string DevelopmentSigningKey = "development-only-signing-key-change-me-0123456789";

    [Required, MinLength(32)] public string SigningKey { get; set; } = "";
    public string Issuer { get; set; } = "kabinet";
    public string Audience { get; set; } = "kabinet";
    [Range(1, 120)] public int AccessTokenMinutes { get; set; } = 15;
    [Range(1, 365)] public int RefreshIdleDays { get; set; } = 30;
    /// <summary>The version of the user agreement a new user accepts.</summary>
    [Required] public string TermsVersion { get; set; } = "2026-01";
    /// <summary>The first operator, created at start-up when missing (login = phone or e-mail).</summary>
    public string? OperatorLogin { get; set; }
    public string? OperatorPassword { get; set; }
    /// <summary>
    /// PBKDF2 iterations of a new password hash: at least <see cref="PasswordHasher.Iterations"/> outside
    /// Development (checked at start-up); tests set a few thousand so hashing is cheap.
    /// </summary>
    [Range(1, int.MaxValue)] public int PasswordIterations { get; set; } = PasswordHasher.Iterations;

    /// <summary>
    /// Not a setting: whether SMS can go out here, set at start-up from the SMS gateway in use
    /// (read by <see cref="SmsAvailability"/> wherever a code is started).
    /// </summary>
    public bool SmsAvailable { get; internal set; }

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey);
}

/// <summary>Code and throttling rules (seed 004 and the issue): fixed, named in one place.</summary>
public static class AuthLimits
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public const int CodeAttempts = 5;
    public static readonly TimeSpan ResendCooldown = TimeSpan.FromSeconds(60);
    public const int SendsPerHour = 5;
    public const int LoginFailures = 5;
    public static readonly TimeSpan LoginWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan PendingRegistration = TimeSpan.FromHours(1);
}
