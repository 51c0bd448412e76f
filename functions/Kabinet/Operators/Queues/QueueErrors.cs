using Kabinet.Platform.Errors;

namespace Kabinet.Operators.Queues;

public static class QueueErrors
{
    public const string NotFound = "operator.queue_not_found";
    public const string IdsInvalid = "operator.replay_ids_invalid";

    public static readonly ErrorCatalog Catalog = new()
    {
        [NotFound] = ("Такой очереди у приложения нет.", "The app has no such queue."),
        [IdsInvalid] = ("Укажите до 100 идентификаторов сообщений.", "Give up to 100 message ids."),
    };
}
