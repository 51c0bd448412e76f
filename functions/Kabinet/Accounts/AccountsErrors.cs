using Kabinet.Platform.Errors;

namespace Kabinet.Accounts;

public static class AccountsErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        [LinkedAccount.NotFoundCode] = ("Лицевой счёт не найден среди привязанных к вашему профилю.", "No such account is linked to your profile."),
        [GroupsEndpoints.NotFoundCode] = ("Группа не найдена.", "The group was not found."),
        ["account.verification_failed"] = ("Не удалось подтвердить лицевой счёт: проверьте поставщика, номер и данные для проверки.", "The account could not be verified: check the provider, the number and the proof."),
        ["account.verification_method_not_accepted"] = ("Этот поставщик не принимает выбранный способ проверки.", "This provider does not accept the chosen verification method."),
        ["account.too_many_attempts"] = ("Слишком много неудачных попыток добавить этот лицевой счёт. Попробуйте позже.", "Too many failed attempts to add this account. Try later."),
        ["account.limit_reached"] = ("Можно добавить не более 10 лицевых счетов.", "At most 10 accounts can be added."),
        ["account.already_linked"] = ("Этот лицевой счёт уже добавлен.", "This account is already added."),
        ["account.email_not_confirmed"] = ("Счета на e-mail доступны только с подтверждённым адресом электронной почты в профиле.", "Bills by e-mail need a confirmed e-mail address in the profile."),
        ["account.provider_required"] = ("Выберите поставщика.", "Choose a provider."),
        ["account.provider_invalid"] = ("Неверный идентификатор поставщика.", "Invalid provider id."),
        ["account.number_required"] = ("Укажите номер лицевого счёта.", "Give the account number."),
        ["account.number_invalid"] = ("Неверный номер лицевого счёта.", "Invalid account number."),
        ["account.verification_required"] = ("Укажите данные для проверки лицевого счёта.", "Give a proof for the account."),
        ["account.verification_method_invalid"] = ("Способ проверки: lastPayment, meterSerial или lastBill.", "The verification method must be lastPayment, meterSerial or lastBill."),
        ["account.date_invalid"] = ("Дата должна быть в формате ГГГГ-ММ-ДД.", "The date must be YYYY-MM-DD."),
        ["account.amount_invalid"] = ("Неверная сумма: укажите сумму в копейках целым числом больше нуля.", "Invalid amount: give it in kopecks as an integer above zero."),
        ["account.serial_required"] = ("Укажите номер счётчика.", "Give the meter's serial number."),
        ["account.serial_invalid"] = ("Неверный номер счётчика.", "Invalid meter serial number."),
        ["account.alias_too_long"] = ("Псевдоним — не более 50 символов.", "The alias can have at most 50 characters."),
        ["account.alias_invalid"] = ("Псевдоним содержит недопустимые символы.", "The alias contains invalid characters."),
        ["account.group_unknown"] = ("Такой группы нет.", "No such group."),
        ["account.bill_delivery_invalid"] = ("Способ получения счетов: paper или email.", "Bill delivery must be paper or email."),
        ["group.builtin"] = ("Группу «Все» нельзя переименовать или удалить.", "The group \"All\" cannot be renamed or removed."),
        ["group.name_taken"] = ("Группа с таким названием уже есть.", "A group with this name exists already."),
        ["group.name_required"] = ("Укажите название группы.", "Give the group a name."),
        ["group.name_too_long"] = ("Название группы — не более 50 символов.", "A group name can have at most 50 characters."),
        ["group.name_invalid"] = ("Название группы содержит недопустимые символы.", "The group name contains invalid characters."),
        ["group.changed_meanwhile"] = ("Группа изменена в другом окне. Обновите страницу.", "The group was changed elsewhere. Reload it."),
        ["group.limit_reached"] = ("Достигнуто максимальное число групп.", "The maximum number of groups is reached."),
    };
}
