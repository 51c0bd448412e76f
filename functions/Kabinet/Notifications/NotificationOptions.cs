using System.ComponentModel.DataAnnotations;

namespace Kabinet.Notifications;

/// <summary>Delivery of notices (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The cabinet's public address: an in-app action path ("/accounts/…") in an e-mail or SMS is put under it.</summary>
    public string? CabinetUrl { get; set; }
    /// <summary>The host's maxDequeueCount (host.json): the last attempt counts what it could not deliver as failed.</summary>
    [Range(1, 100)] public int MaxDequeueCount { get; set; } = 5;
    /// <summary>Notices read, and SMS and messenger messages sent, at once.</summary>
    [Range(1, 64)] public int Parallelism { get; set; } = 16;
}
