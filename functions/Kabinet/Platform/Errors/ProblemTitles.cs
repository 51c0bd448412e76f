namespace Kabinet.Platform.Errors;

/// <summary>
/// A problem's <c>title</c>: a short sentence for people about the kind of failure (RFC 9457), the same for every answer
/// with that status; <c>detail</c> says what exactly went wrong and <c>code</c> is for programs.
/// </summary>
public static class ProblemTitles
{
    public static string For(int status, bool english) => status switch
    {
        400 => english ? "The request could not be read." : "Запрос не удалось прочитать.",
        401 => english ? "Sign-in is required." : "Требуется вход.",
        403 => english ? "This is not allowed." : "Это действие недоступно.",
        404 => english ? "Not found." : "Не найдено.",
        405 => english ? "This method is not allowed here." : "Этот метод здесь не поддерживается.",
        409 => english ? "The request conflicts with the current state." : "Запрос противоречит текущему состоянию.",
        412 => english ? "The data has changed meanwhile." : "Данные успели измениться.",
        413 => english ? "The request is too large." : "Запрос слишком большой.",
        415 => english ? "The content type is not supported." : "Тип содержимого не поддерживается.",
        422 => english ? "Some data is invalid." : "Данные заполнены неверно.",
        429 => english ? "Too many requests." : "Слишком много запросов.",
        503 => english ? "The service is temporarily unavailable." : "Сервис временно недоступен.",
        >= 500 => english ? "Something went wrong on our side." : "Что-то пошло не так на нашей стороне.",
        _ => english ? "The request failed." : "Запрос не выполнен.",
    };
}
