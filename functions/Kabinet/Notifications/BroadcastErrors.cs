using Kabinet.Platform.Errors;

namespace Kabinet.Notifications;

/// <summary>Stable codes of operators' broadcasts, Russian and English.</summary>
public static class BroadcastErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["broadcast.not_found"] = ("Рассылка не найдена.", "The broadcast was not found."),
        ["broadcast.body_object"] = ("Тело запроса должно быть объектом JSON.", "The body must be a JSON object."),
        ["broadcast.audience_required"] = ("Укажите получателей: audience с одним из all, providerId, accountIds, userIds.", "Give the audience: one of all, providerId, accountIds, userIds."),
        ["broadcast.audience_ambiguous"] = ("Укажите только одну группу получателей.", "Give exactly one audience."),
        ["broadcast.audience_invalid"] = ("Получатели: объект с одним из полей all, providerId, accountIds, userIds.", "The audience is an object with one of all, providerId, accountIds, userIds."),
        ["broadcast.audience_all_true"] = ("Для рассылки всем укажите all: true.", "To send to everyone give all: true."),
        ["broadcast.provider_not_found"] = ("Поставщик не найден.", "The provider was not found."),
        ["broadcast.ids_expected"] = ("Ожидается список идентификаторов.", "A list of ids is expected."),
        ["broadcast.ids_empty"] = ("Список идентификаторов пуст.", "The list of ids is empty."),
        ["broadcast.ids_too_many"] = ("Не больше 1000 идентификаторов в одной рассылке.", "At most 1000 ids in one broadcast."),
        ["broadcast.id_invalid"] = ("Недопустимый идентификатор.", "The id is not valid."),
        ["broadcast.kind_invalid"] = ("Вид уведомления: bell, modal или banner.", "The kind is bell, modal or banner."),
        ["broadcast.category_invalid"] = ("Категория рассылки: service или marketing.", "The category is service or marketing."),
        ["broadcast.text_required"] = ("Заполните поле.", "The field is required."),
        ["broadcast.text_expected"] = ("Ожидается строка.", "A string is expected."),
        ["broadcast.text_too_long"] = ("Текст слишком длинный.", "The text is too long."),
        ["broadcast.text_control"] = ("Текст не должен содержать управляющих символов (кроме перевода строки).", "The text must not contain control characters (other than line breaks)."),
        ["broadcast.action_invalid"] = ("Действие: объект {label, labelEn?, url}.", "The action is an object {label, labelEn?, url}."),
        ["broadcast.action_url_invalid"] = ("Адрес действия: абсолютный https-адрес или путь в кабинете, начинающийся с «/».", "The action URL is an absolute https URL or an in-app path starting with \"/\"."),
        ["broadcast.boolean_expected"] = ("Ожидается true или false.", "true or false is expected."),
        ["broadcast.modal_needs_confirmation"] = ("Модальное уведомление всегда требует подтверждения.", "A modal notice always requires confirmation."),
        ["broadcast.expires_invalid"] = ("Срок действия: дата и время в формате ISO 8601.", "The expiry is an ISO 8601 date and time."),
        ["broadcast.expires_past"] = ("Срок действия уже истёк.", "The expiry is in the past."),
        ["broadcast.expires_too_far"] = ("Срок действия — не больше года.", "The expiry is at most a year away."),
    };
}
