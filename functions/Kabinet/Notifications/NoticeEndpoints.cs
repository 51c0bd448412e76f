namespace Kabinet.Notifications;

/// <summary>STUB (helper h1): GET /notifications, /pending, /{id}, POST read/confirm/dismiss/action.</summary>
public static class NoticeEndpoints
{
    public static void MapNoticeEndpoints(this WebApplication app) { }
}
