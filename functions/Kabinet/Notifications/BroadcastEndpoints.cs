namespace Kabinet.Notifications;

/// <summary>STUB (helper h3): POST/GET/DELETE /operator/notifications and the fan-out queue functions.</summary>
public static class BroadcastEndpoints
{
    public static void AddBroadcasts(this WebApplicationBuilder builder) { }
    public static void MapBroadcasts(this WebApplication app) { }
}
