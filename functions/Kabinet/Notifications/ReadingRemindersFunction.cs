namespace Kabinet.Notifications;

/// <summary>STUB (helper h4): the timer that reminds of readings before the provider's readings day.</summary>
public static class ReadingRemindersFunction
{
    public static void MapReadingReminders(this WebApplication app) { }
}
