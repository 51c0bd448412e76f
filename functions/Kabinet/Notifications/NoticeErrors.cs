using Kabinet.Platform.Errors;

namespace Kabinet.Notifications;

public static class NoticeErrors
{
    public static readonly ErrorCatalog Catalog = new();
}
