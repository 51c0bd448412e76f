using System.Globalization;

namespace Kabinet.Auth;

public static class CodePurposes
{
    public const string Register = "register";
    public const string Login = "login";
    public const string Reset = "reset";
    public const string Contact = "contact";
    /// <summary>Not a code: tells the owner that someone tried to register their phone or e-mail.</summary>
    public const string AlreadyRegistered = "already_registered";
    /// <summary>Not a code: tells the owner that someone tried to attach their contact to another account.</summary>
    public const string ContactTaken = "contact_taken";
}

/// <summary>
/// Not codes: what the owner is told after a change of the account's security, on every contact the
/// account had before it, with the time and the device (<see cref="CodeMessage.At"/>, <see cref="CodeMessage.Device"/>).
/// </summary>
public static class SecurityNotices
{
    public const string PhoneChanged = "phone_changed";
    public const string EmailChanged = "email_changed";
    public const string PasswordChanged = "password_changed";
    public const string PasswordReset = "password_reset";
    public const string TwoFactorOn = "two_factor_on";
    public const string TwoFactorOff = "two_factor_off";
    public const string DeviceTrusted = "device_trusted";

    /// <summary>Moscow time has been UTC+3 all year since 2014; a fixed offset needs no time-zone database.</summary>
    public static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);
    public const int MaxDeviceLength = 80;

    /// <summary>"01.12.2026 23:41 МСК".</summary>
    public static string MoscowTime(DateTimeOffset at) =>
        at.ToOffset(MoscowOffset).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " МСК";

    public static string ShortDevice(string? device) =>
        string.IsNullOrWhiteSpace(device) ? "неизвестное устройство"
        : device.Length <= MaxDeviceLength ? device : device[..(MaxDeviceLength - 1)] + "…";
}

/// <summary>A message on the <c>codes</c> queue: what to tell whom, and through which channel.</summary>
public sealed record CodeMessage(string Channel, string To, string Purpose, string? Code, DateTimeOffset? At = null, string? Device = null)
{
    public const string QueueName = "codes";
    public const string Sms = "sms";
    public const string Email = "email";

    public (string Subject, string Text) Compose() => Purpose switch
    {
        CodePurposes.Register => ("Код подтверждения регистрации", $"Код подтверждения регистрации в личном кабинете: {Code}. Никому не сообщайте его."),
        CodePurposes.Login => ("Код для входа", $"Код для входа в личный кабинет: {Code}. Если вы не входили, смените пароль."),
        CodePurposes.Reset => ("Восстановление пароля", $"Код для восстановления пароля: {Code}. Если вы не запрашивали восстановление, ничего не делайте."),
        CodePurposes.Contact => ("Подтверждение контакта", $"Код подтверждения для личного кабинета: {Code}."),
        CodePurposes.AlreadyRegistered => ("Попытка регистрации",
            "Кто-то пытался зарегистрироваться в личном кабинете с вашим номером или адресом, но учётная запись уже есть. " +
            "Если это были вы, войдите или восстановите пароль: «Забыли пароль?» на странице входа."),
        CodePurposes.ContactTaken => ("Попытка привязать контакт",
            "Кто-то пытался привязать ваш номер или адрес к другой учётной записи личного кабинета. Ваша учётная запись не изменена."),
        SecurityNotices.PhoneChanged => Notice("Телефон для входа изменён", "изменён номер телефона для входа"),
        SecurityNotices.EmailChanged => Notice("E-mail для входа изменён", "изменён адрес электронной почты для входа"),
        SecurityNotices.PasswordChanged => Notice("Пароль изменён", "изменён пароль"),
        SecurityNotices.PasswordReset => Notice("Пароль восстановлен", "пароль восстановлен по коду подтверждения, все сеансы завершены"),
        SecurityNotices.TwoFactorOn => Notice("Двухфакторный вход включён", "включён вход с кодом подтверждения"),
        SecurityNotices.TwoFactorOff => Notice("Двухфакторный вход отключён", "отключён вход с кодом подтверждения"),
        SecurityNotices.DeviceTrusted => Notice("Новое доверенное устройство", "добавлено доверенное устройство, на котором код при входе не запрашивается"),
        _ => throw new InvalidOperationException("unknown purpose " + Purpose),
    };

    private (string, string) Notice(string subject, string what) => (subject,
        $"В личном кабинете {what}: {SecurityNotices.MoscowTime(At ?? DateTimeOffset.UtcNow)}, устройство: {SecurityNotices.ShortDevice(Device)}. " +
        "Если это были не вы, восстановите пароль («Забыли пароль?» на странице входа) и обратитесь в поддержку.");
}
