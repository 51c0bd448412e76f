using Kabinet.Platform.Errors;

namespace Kabinet.Accounts;

public static class AccountsErrors
{
    public static void Register()
    {
        ErrorMessages.Add("account.verification_failed", "Не удалось подтвердить лицевой счёт: проверьте поставщика, номер и данные для проверки.", "The account could not be verified: check the provider, the number and the proof.");
        ErrorMessages.Add("account.verification_method_not_accepted", "Этот поставщик не принимает выбранный способ проверки.", "This provider does not accept the chosen verification method.");
        ErrorMessages.Add("account.too_many_attempts", "Слишком много неудачных попыток добавить этот лицевой счёт. Попробуйте позже.", "Too many failed attempts to add this account. Try later.");
        ErrorMessages.Add("account.limit_reached", "Можно добавить не более 10 лицевых счетов.", "At most 10 accounts can be added.");
        ErrorMessages.Add("account.already_linked", "Этот лицевой счёт уже добавлен.", "This account is already added.");
        ErrorMessages.Add("account.email_not_confirmed", "Счета на e-mail доступны только с подтверждённым адресом электронной почты в профиле.", "Bills by e-mail need a confirmed e-mail address in the profile.");
        ErrorMessages.Add("account.provider_required", "Выберите поставщика.", "Choose a provider.");
        ErrorMessages.Add("account.provider_invalid", "Неверный идентификатор поставщика.", "Invalid provider id.");
        ErrorMessages.Add("account.number_required", "Укажите номер лицевого счёта.", "Give the account number.");
        ErrorMessages.Add("account.number_invalid", "Неверный номер лицевого счёта.", "Invalid account number.");
        ErrorMessages.Add("account.verification_required", "Укажите данные для проверки лицевого счёта.", "Give a proof for the account.");
        ErrorMessages.Add("account.verification_method_invalid", "Способ проверки: lastPayment, meterSerial или lastBill.", "The verification method must be lastPayment, meterSerial or lastBill.");
        ErrorMessages.Add("account.date_invalid", "Дата должна быть в формате ГГГГ-ММ-ДД.", "The date must be YYYY-MM-DD.");
        ErrorMessages.Add("account.amount_invalid", "Неверная сумма: укажите сумму в копейках целым числом больше нуля.", "Invalid amount: give it in kopecks as an integer above zero.");
        ErrorMessages.Add("account.serial_required", "Укажите номер счётчика.", "Give the meter's serial number.");
        ErrorMessages.Add("account.serial_invalid", "Неверный номер счётчика.", "Invalid meter serial number.");
        ErrorMessages.Add("account.alias_too_long", "Псевдоним — не более 50 символов.", "The alias can have at most 50 characters.");
        ErrorMessages.Add("account.alias_invalid", "Псевдоним содержит недопустимые символы.", "The alias contains invalid characters.");
        ErrorMessages.Add("account.group_unknown", "Такой группы нет.", "No such group.");
        ErrorMessages.Add("account.bill_delivery_invalid", "Способ получения счетов: paper или email.", "Bill delivery must be paper or email.");
        ErrorMessages.Add("group.builtin", "Группу «Все» нельзя переименовать или удалить.", "The group \"All\" cannot be renamed or removed.");
        ErrorMessages.Add("group.name_taken", "Группа с таким названием уже есть.", "A group with this name exists already.");
        ErrorMessages.Add("group.name_required", "Укажите название группы.", "Give the group a name.");
        ErrorMessages.Add("group.name_too_long", "Название группы — не более 50 символов.", "A group name can have at most 50 characters.");
        ErrorMessages.Add("group.name_invalid", "Название группы содержит недопустимые символы.", "The group name contains invalid characters.");
        ErrorMessages.Add("group.changed_meanwhile", "Группа изменена в другом окне. Обновите страницу.", "The group was changed elsewhere. Reload it.");
        ErrorMessages.Add("group.limit_reached", "Достигнуто максимальное число групп.", "The maximum number of groups is reached.");
        ErrorMessages.Add("list.cursor_invalid", "Неверный курсор страницы.", "Invalid page cursor.");
    }

    public static FieldError Field(HttpContext http, string field, string code) =>
        new(field, code, ErrorMessages.Get(code, ErrorMessages.PrefersEnglish(http)));
}
