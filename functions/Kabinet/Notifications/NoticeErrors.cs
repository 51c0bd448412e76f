using Kabinet.Platform.Errors;

namespace Kabinet.Notifications;

public static class NoticeErrors
{
    public const string NotFound = "notification.not_found";
    public const string NoAction = "notification.no_action";
    public const string NotDismissible = "notification.not_dismissible";
    public const string CategoryInvalid = "notification.category_invalid";
    public const string UnreadInvalid = "notification.unread_invalid";

    public static readonly ErrorCatalog Catalog = new()
    {
        [NotFound] = ("Уведомление не найдено.", "Notification not found."),
        [NoAction] = ("У этого уведомления нет кнопки перехода.", "This notification has no action."),
        [NotDismissible] = ("Закрыть можно только уведомление в топе.", "Only a top banner can be dismissed."),
        [CategoryInvalid] = ("Неизвестная категория уведомлений.", "Unknown notification category."),
        [UnreadInvalid] = ("Параметр unread может быть только true или false.", "unread must be true or false."),
    };
}
