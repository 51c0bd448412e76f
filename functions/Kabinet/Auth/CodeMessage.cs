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

/// <summary>A message on the <c>codes</c> queue: what to tell whom, and through which channel.</summary>
public sealed record CodeMessage(string Channel, string To, string Purpose, string? Code)
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
        _ => throw new InvalidOperationException("unknown purpose " + Purpose),
    };
}
