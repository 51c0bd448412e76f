using Kabinet.Email;
using Kabinet.Platform.Errors;

namespace Kabinet.Dev;

public static class DevErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["dev.attachment_forbidden"] = ($"Тестовое письмо прикрепляет только файлы из {EmailOptions.DevContainer}/.", $"A test e-mail attaches only files from {EmailOptions.DevContainer}/."),
    };
}
