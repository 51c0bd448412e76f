namespace Kabinet.Readings;

/// <summary>What becomes of a submitted reading: refused (409 or 422), or recorded with a status, new or replacing the day's.</summary>
public abstract record SubmitDecision
{
    /// <summary>409: the meter takes no reading now (Data holds the reason), or the day's reading is billed.</summary>
    public sealed record Conflict(string Code, IReadOnlyDictionary<string, object?>? Data = null) : SubmitDecision;

    /// <summary>422 with every bad zone; Code is <see cref="ReadingRules.Implausible"/> when confirming would let it through.</summary>
    public sealed record Invalid(string Code, IReadOnlyList<ReadingError> Errors) : SubmitDecision;

    public sealed record Record(string Status, bool Replaces) : SubmitDecision;

    public const string NotSubmittable = "reading.meter_not_submittable";
    public const string AlreadyBilled = "reading.already_billed";
    public const string ValuesRequired = "reading.values_required";

    /// <summary>
    /// The order the customer meets the rules in: a meter that takes no reading now, missing values, the day's reading
    /// already billed, then the values themselves. An implausible reading the customer confirmed is kept for review.
    /// </summary>
    /// <param name="blockedBecause"><see cref="ReadingRules.BlockedBecause"/> for the meter now.</param>
    /// <param name="check">The values checked, or null when the request gave none.</param>
    /// <param name="todayStatus">The status of the reading already recorded for the meter's local day, or null.</param>
    public static SubmitDecision Decide(string? blockedBecause, ReadingCheck? check, string? todayStatus, bool confirmedImplausible)
    {
        if (blockedBecause is not null) return new Conflict(NotSubmittable, new Dictionary<string, object?> { ["reason"] = blockedBecause });
        if (check is null) return new Invalid("request.validation_failed", [new ReadingError("values", ValuesRequired)]);
        if (todayStatus == ReadingStatuses.Billed) return new Conflict(AlreadyBilled);
        if (check.Errors.Count > 0 && !(confirmedImplausible && check.OnlyImplausible))
            return new Invalid(check.OnlyImplausible ? ReadingRules.Implausible : "request.validation_failed", check.Errors);
        return new Record(check.Errors.Count > 0 ? ReadingStatuses.NeedsReview : ReadingStatuses.Accepted, todayStatus is not null);
    }
}
