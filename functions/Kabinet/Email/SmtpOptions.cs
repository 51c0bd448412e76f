using System.ComponentModel.DataAnnotations;

namespace Kabinet.Email;

/// <summary>SMTP relay: MailDev locally, Azure Communication Services' SMTP endpoint or any relay in Azure.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    [Required] public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 1025;
    [Required, EmailAddress] public string From { get; set; } = "noreply@kabinet.local";
    public string FromName { get; set; } = "Личный кабинет";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>None, Auto, SslOnConnect or StartTls (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
}
