using Kabinet.Platform.Errors;

namespace Kabinet.Profile;

public static class ProfileErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["profile.name_required"] = ("Поле обязательно для заполнения.", "This field is required."),
        ["profile.name_too_long"] = ("Не более 50 символов.", "At most 50 characters."),
        ["profile.name_invalid"] = ("Допустимы только буквы, пробел, дефис и апостроф.", "Only letters, spaces, hyphens and apostrophes are allowed."),
        ["profile.birth_date_invalid"] = ("Дата рождения должна быть в формате ГГГГ-ММ-ДД.", "The birth date must be YYYY-MM-DD."),
        ["profile.birth_date_out_of_range"] = ("Недопустимая дата рождения.", "The birth date is out of range."),
        ["profile.gender_invalid"] = ("Пол: male или female.", "Gender must be male or female."),
        ["profile.language_invalid"] = ("Язык уведомлений: ru или en.", "The notices' language must be ru or en."),
        ["profile.contact_unchanged"] = ("Этот контакт уже указан в профиле.", "This contact is already in the profile."),
        ["auth.reauthentication_required"] = ("Для этого изменения введите текущий пароль (поле password) или войдите заново.", "This change needs the current password (field password) or a fresh sign-in."),
        ["profile.changed_meanwhile"] = ("Профиль изменён в другом окне. Обновите страницу.", "The profile was changed elsewhere. Reload it."),
    };
}
