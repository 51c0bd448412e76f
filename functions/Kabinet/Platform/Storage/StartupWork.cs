namespace Kabinet.Platform.Storage;

/// <summary>
/// Start-up work against storage (creating tables, the first operator) must not keep the handler
/// from starting: with storage down it logs and goes on, so /api/health can say what is wrong and
/// the work is tried again at the next start.
/// </summary>
public static class StartupWork
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task TryAsync(ILogger log, string what, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await work(timeout.Token);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogError(ex, "Start-up work failed: {What}; the handler starts anyway", what);
        }
    }
}
