namespace Kabinet.LocalHost;

/// <summary>What one LocalHost run needs. Only <see cref="AppRoot"/> is required.</summary>
public sealed record LocalHostOptions
{
    /// <summary>The function app root: the folder holding host.json, */function.json and the handler executable.</summary>
    public required string AppRoot { get; init; }

    /// <summary>HTTP port on 127.0.0.1 for /api/*; 0 picks a free one (see <see cref="RunningLocalHost.Port"/>).</summary>
    public int Port { get; init; } = 7071;

    /// <summary>The local.settings.json whose Values become the handler's environment. Default: &lt;AppRoot&gt;/local.settings.json.
    /// When missing, local.settings.sample.json from the same folder is copied to it first (if that exists).</summary>
    public string? SettingsPath { get; init; }

    /// <summary>Host id used in blob paths (locks, timer status). Default: the setting AzureFunctionsWebHost__hostid,
    /// else the app root folder name, lower case.</summary>
    public string? HostId { get; init; }

    /// <summary>How long a received queue message stays invisible while it is being processed; renewed at half of it.
    /// The real host uses 10 minutes.</summary>
    public TimeSpan QueueMessageLease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Duration of the blob lease that makes one LocalHost the only one running a timer (15–60 s).</summary>
    public TimeSpan TimerLease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a LocalHost that does not hold a timer's lease tries to take it.</summary>
    public TimeSpan TimerLeaseRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the handler to answer GET /.</summary>
    public TimeSpan HandlerStartupTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
