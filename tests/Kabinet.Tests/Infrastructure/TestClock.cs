namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// The tests' one clock: starts at the real time now (or at <paramref name="start"/>) and moves only when the
/// test moves it, forward or back. Timers and timestamps stay real; only the time of day is the test's.
/// </summary>
public sealed class TestClock(DateTimeOffset? start = null) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start ?? DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
