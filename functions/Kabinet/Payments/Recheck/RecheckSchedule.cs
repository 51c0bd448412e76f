namespace Kabinet.Payments.Recheck;

/// <summary>
/// When a payment left pending or unknown is asked about again (as Kill Bill's janitor does): 5 minutes after it was recorded,
/// an hour after, then daily until 7 days after; a payment no gateway settled by then is abandoned and expires.
/// </summary>
public static class RecheckSchedule
{
    public const string ExpiredCode = "expired";
    /// <summary>The gateway has no payment under the attempt's idempotency key at the first check: it never got the call.</summary>
    public const string NeverSeenCode = "gateway_never_saw";

    public static readonly TimeSpan First = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan[] Slots =
        [First, TimeSpan.FromHours(1), .. Enumerable.Range(1, 7).Select(d => TimeSpan.FromDays(d))];

    /// <summary>How many checks a payment gets before it expires.</summary>
    public static int Count => Slots.Length;

    /// <summary>
    /// The next check after <paramref name="checksDone"/> checks, as of <paramref name="now"/>: the next slot, but never one
    /// already past (a timer that was down skips the missed slots rather than asking again and again at once); null when no
    /// slot is left — the payment expires.
    /// </summary>
    public static DateTimeOffset? Next(DateTimeOffset createdAt, int checksDone, DateTimeOffset now)
    {
        for (var i = Math.Max(checksDone, 0); i < Slots.Length; i++)
            if (createdAt + Slots[i] > now) return createdAt + Slots[i];
        return null;
    }
}
