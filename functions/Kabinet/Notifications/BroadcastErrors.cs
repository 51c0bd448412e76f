using Kabinet.Platform.Errors;

namespace Kabinet.Notifications;

public static class BroadcastErrors
{
    public static readonly ErrorCatalog Catalog = new();
}
