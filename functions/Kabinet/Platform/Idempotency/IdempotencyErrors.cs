using Kabinet.Platform.Errors;

namespace Kabinet.Platform.Idempotency;

public static class IdempotencyErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["request.idempotency_key_reused"] = ("Этот ключ Idempotency-Key уже использован для другого запроса.", "This Idempotency-Key was already used for another request."),
        ["request.in_progress"] = ("Такой же запрос ещё выполняется. Повторите позже.", "The same request is still in progress. Retry later."),
        ["request.idempotency_key_failed"] = ("Запрос с этим ключом Idempotency-Key не завершился как следует, и часть изменений могла сохраниться. Проверьте результат и отправьте запрос с новым ключом.",
            "A request with this Idempotency-Key did not finish cleanly and some of its changes may be saved. Check the result and send the request with a new key."),
        ["request.idempotency_key_required"] = ("Этот запрос нужно отправить с заголовком Idempotency-Key: тогда его повтор не выполнится дважды.",
            "This request needs an Idempotency-Key header, so that a retry never runs it twice."),
        ["request.idempotency_key_invalid"] = ("Idempotency-Key — от 1 до 100 символов без управляющих символов.", "Idempotency-Key must have 1 to 100 characters, no control characters."),
    };
}
