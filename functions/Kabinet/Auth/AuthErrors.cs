using Kabinet.Platform.Errors;

namespace Kabinet.Auth;

public static class AuthErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["auth.unauthorized"] = ("Требуется вход: токен доступа отсутствует, неверен или истёк.", "Sign-in required: the access token is missing, invalid or expired."),
        ["auth.forbidden"] = ("Недостаточно прав.", "Not allowed."),
        ["auth.invalid_credentials"] = ("Неверный логин или пароль.", "Wrong login or password."),
        ["auth.login_locked"] = ("Слишком много неудачных попыток входа. Попробуйте позже или восстановите пароль.", "Too many failed sign-ins. Try later or reset the password."),
        ["auth.too_many_attempts"] = ("Слишком много попыток входа с этого адреса. Подождите несколько секунд и попробуйте снова.", "Too many sign-in attempts from this address. Wait a few seconds and try again."),
        ["auth.too_many_requests"] = ("Слишком много запросов кодов с этого адреса. Попробуйте позже.", "Too many code requests from this address. Try later."),
        ["service.busy"] = ("Сервис сейчас перегружен. Повторите попытку через несколько секунд.", "The service is busy right now. Try again in a few seconds."),
        ["auth.too_many_codes"] = ("Код уже отправлен. Повторная отправка возможна позже.", "A code was sent already. You can ask again later."),
        ["auth.challenge_invalid"] = ("Запрос кода не найден или уже использован. Запросите новый код.", "The code request is unknown or used. Ask for a new code."),
        ["auth.code_invalid"] = ("Неверный код.", "Wrong code."),
        ["auth.code_expired"] = ("Срок действия кода истёк. Запросите новый код.", "The code has expired. Ask for a new one."),
        ["auth.code_attempts_exhausted"] = ("Код введён неверно слишком много раз. Запросите новый код.", "Too many wrong codes. Ask for a new one."),
        ["auth.refresh_invalid"] = ("Сессия недействительна. Войдите снова.", "The session is not valid. Sign in again."),
        ["auth.refresh_reused"] = ("Токен обновления уже использован: сессия завершена в целях безопасности. Войдите снова.", "The refresh token was already used: the session is ended for safety. Sign in again."),
        ["auth.login_taken"] = ("Этот телефон или e-mail уже зарегистрирован.", "This phone or e-mail is already registered."),
        ["auth.login_required"] = ("Укажите телефон или e-mail.", "Give a phone or an e-mail."),
        ["auth.one_login_only"] = ("Укажите что-то одно: телефон или e-mail. Второй контакт добавляется в профиле.", "Give either a phone or an e-mail; add the other one in the profile."),
        ["auth.phone_invalid"] = ("Неверный номер телефона.", "Invalid phone number."),
        ["auth.email_invalid"] = ("Неверный адрес электронной почты.", "Invalid e-mail address."),
        ["auth.terms_not_accepted"] = ("Необходимо принять пользовательское соглашение.", "The user agreement must be accepted."),
        ["auth.password_wrong"] = ("Неверный текущий пароль.", "The current password is wrong."),
        ["password.too_short"] = ("Пароль должен содержать не менее 8 символов.", "The password must have at least 8 characters."),
        ["password.too_long"] = ("Пароль не может быть длиннее 128 символов.", "The password cannot be longer than 128 characters."),
        ["password.non_latin_letters"] = ("Пароль должен содержать только латинские буквы.", "The password may contain Latin letters only."),
        ["password.no_upper_case"] = ("Пароль должен содержать заглавные буквы.", "The password must contain an upper-case letter."),
        ["password.no_lower_case"] = ("Пароль должен содержать строчные буквы.", "The password must contain a lower-case letter."),
        ["password.no_digit"] = ("Пароль должен содержать цифры.", "The password must contain a digit."),
        ["password.has_spaces"] = ("Пароль не должен содержать пробелы.", "The password must not contain spaces."),
        [SmsAvailability.UnavailableCode] = ("Отправка SMS сейчас недоступна. Используйте адрес электронной почты.", "SMS cannot be sent at the moment. Use an e-mail address instead."),
        ["password.control_characters"] = ("Пароль содержит недопустимые символы.", "The password contains invalid characters."),
    };

    public static IReadOnlyList<FieldError> PasswordErrors(HttpContext http, string field, string? password) =>
        PasswordPolicy.Violations(password).Select(code => Problems.Field(http, field, code)).ToList();
}
