using Kabinet.Platform.Errors;

namespace Kabinet.Payments.Guest;

public static class GuestPaymentErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["payment.guest_not_matched"] = ("Лицевой счёт с таким номером и фамилией не найден: проверьте поставщика, номер и фамилию.",
            "No account with this number and last name: check the provider, the number and the last name."),
        ["payment.guest_throttled"] = ("Слишком много неудачных попыток. Попробуйте позже.", "Too many failed attempts. Try later."),
        ["payment.guest_last_name_required"] = ("Укажите фамилию, на которую зарегистрирован лицевой счёт.", "Give the last name the account is registered to."),
        ["payment.guest_last_name_invalid"] = ("Неверная фамилия.", "Invalid last name."),
        ["payment.guest_email_required"] = ("Укажите адрес электронной почты для квитанции.", "Give the e-mail address for the receipt."),
    };
}
