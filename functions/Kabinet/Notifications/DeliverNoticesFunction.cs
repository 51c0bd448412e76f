namespace Kabinet.Notifications;

/// <summary>STUB (helper h2): the queue function on <c>notices</c>, channel rules, templates, gateways, quiet hours.</summary>
public static class DeliverNoticesFunction
{
    public static void AddDelivery(this WebApplicationBuilder builder) { }
    public static void MapDeliverNotices(this WebApplication app) { }
}
