using Kabinet.Platform.Errors;

namespace Kabinet.Payments;

public static class PaymentErrors
{
    public const string ContactRequired = "payment.contact_required";
    public const string CardNotFound = "payment.card_not_found";

    public static readonly ErrorCatalog Catalog = new()
    {
        ["payment.items_count_invalid"] = ("В платеже должно быть от 1 до 10 лицевых счетов.", "A payment has 1 to 10 accounts."),
        ["payment.account_required"] = ("Укажите лицевой счёт.", "Give the account."),
        ["payment.account_duplicate"] = ("Лицевой счёт указан в платеже дважды.", "The account appears twice in the payment."),
        ["payment.account_not_linked"] = ("Лицевой счёт не привязан к вашему профилю.", "The account is not linked to your profile."),
        ["payment.amount_invalid"] = ("Сумма — целое число копеек больше нуля.", "The amount must be an integer of kopecks above zero."),
        ["payment.amount_too_large"] = ("Сумма превышает допустимую для одного платежа.", "The amount exceeds the limit for one payment."),
        ["payment.services_sum_mismatch"] = ("Сумма по услугам не равна сумме по счёту.", "The services do not add up to the account's amount."),
        ["payment.service_required"] = ("Укажите услугу.", "Give the service."),
        ["payment.method_invalid"] = ("Способ оплаты: card, savedCard или sbp.", "The method must be card, savedCard or sbp."),
        ["payment.card_required"] = ("Укажите сохранённую карту.", "Give the saved card."),
        ["payment.card_id_invalid"] = ("Сохранённая карта указывается только со способом savedCard.", "A saved card is given only with the savedCard method."),
        ["payment.save_card_invalid"] = ("Сохранить можно только карту, которой вы платите (способ card).", "Only a card being paid with (method card) can be saved."),
        [CardNotFound] = ("Сохранённая карта не найдена.", "The saved card was not found."),
        [ContactRequired] = ("Для чека нужен подтверждённый e-mail или телефон: подтвердите один из них в профиле.", "The receipt needs a confirmed e-mail or phone: confirm one in your profile."),
        ["payment.unavailable"] = ("Оплата на портале сейчас недоступна.", "Payments are not available on the portal right now."),
        ["payment.not_found"] = ("Платёж не найден.", "The payment was not found."),
        ["payment.gateway_not_found"] = ("Платёжный шлюз не найден.", "No such payment gateway."),
        ["payment.signature_invalid"] = ("Неверная подпись уведомления.", "The notification's signature is invalid."),
        ["payment.signature_expired"] = ("Подпись уведомления устарела.", "The notification's signature is too old."),
        ["payment.outcome_invalid"] = ("Результат: succeeded или failed.", "The outcome must be succeeded or failed."),
    };
}
