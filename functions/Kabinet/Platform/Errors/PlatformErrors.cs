namespace Kabinet.Platform.Errors;

/// <summary>The platform's own codes: request shape, HTTP, server, invocation and list paging.</summary>
public static class PlatformErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["request.malformed_json"] = ("Тело запроса не является корректным JSON или поле имеет неверный тип.", "The request body is not valid JSON or a field has the wrong type."),
        ["request.invalid"] = ("Некорректный запрос.", "The request is invalid."),
        ["request.validation_failed"] = ("Некоторые поля заполнены неверно.", "Some fields are invalid."),
        ["request.too_large"] = ("Тело запроса больше допустимых 1 МиБ.", "The request body exceeds the 1 MiB limit."),
        ["request.unsupported_media_type"] = ("Неподдерживаемый тип содержимого; ожидается application/json.", "Unsupported content type; application/json is expected."),
        ["http.not_found"] = ("Ресурс не найден.", "The resource was not found."),
        ["http.method_not_allowed"] = ("Метод не поддерживается для этого адреса.", "The method is not allowed for this resource."),
        ["server.error"] = ("Внутренняя ошибка сервера. Сообщите идентификатор запроса в поддержку.", "Internal server error. Quote the trace id to support."),
        ["service.unavailable"] = ("Сервис временно недоступен.", "The service is temporarily unavailable."),
        ["health.storage_unavailable"] = ("Хранилище недоступно: см. поле failed.", "Storage is unavailable: see the failed field."),
        ["invocation.malformed"] = ("Тело вызова функции не соответствует контракту хоста.", "The function invocation payload does not match the host contract."),
        ["list.cursor_invalid"] = ("Неверный курсор страницы.", "Invalid page cursor."),
        ["storage.changed_meanwhile"] = ("Данные одновременно меняются другим запросом. Повторите попытку.", "The data is being changed by another request at the same time. Try again."),
        ["list.limit_invalid"] = ("Размер страницы (limit) — целое число от 1 до 200.", "The page size (limit) must be a whole number from 1 to 200."),
    };
}
