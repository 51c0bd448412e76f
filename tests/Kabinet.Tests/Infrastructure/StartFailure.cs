namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// Why an app refuses to start. WebApplicationFactory reports a start that fails fast as ObjectDisposedException when the
/// app disposed its services before the factory looked at them (a race in the test host, not in the app): such a start
/// is tried again, with a fresh factory, until the app's own reason shows.
/// </summary>
public static class StartFailure
{
    public static Exception Of(Func<KabinetFactory> create, int attempts = 20)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            using var factory = create();
            try
            {
                factory.CreateClient().Dispose();
            }
            catch (Exception ex)
            {
                last = ex;
                if (!IsTestHostRace(ex)) return ex;
                continue;
            }
            Assert.Fail("the app started");
        }
        return last!;
    }

    private static bool IsTestHostRace(Exception ex) =>
        ex is ObjectDisposedException || ex is AggregateException a && a.Flatten().InnerExceptions.All(IsTestHostRace);
}
