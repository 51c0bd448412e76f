using Kabinet.Readings;

namespace Kabinet.Tests.Readings;

/// <summary><see cref="SubmitDecision.Decide"/>: refuse, record or keep for review, in the order the customer meets the rules.</summary>
[TestClass]
public sealed class SubmitDecisionTests
{
    private static readonly Dictionary<string, decimal> Values = new() { ["T1"] = 100 };

    private static ReadingCheck Check(params string[] codes) =>
        new(Values, new Dictionary<string, decimal>(), codes.Select(c => new ReadingError("values.T1", c)).ToList());

    [TestMethod]
    public void A_blocked_meter_is_refused_before_anything_else_with_its_reason()
    {
        var decision = SubmitDecision.Decide(SubmitBlocks.RemoteRead, null, ReadingStatuses.Billed, false);

        var conflict = decision as SubmitDecision.Conflict;
        Assert.IsNotNull(conflict, decision.ToString());
        Assert.AreEqual(SubmitDecision.NotSubmittable, conflict.Code);
        Assert.AreEqual(SubmitBlocks.RemoteRead, conflict.Data!["reason"]);
    }

    [TestMethod]
    public void Missing_values_come_before_a_billed_day()
    {
        var decision = SubmitDecision.Decide(null, null, ReadingStatuses.Billed, false);

        var invalid = decision as SubmitDecision.Invalid;
        Assert.IsNotNull(invalid, decision.ToString());
        Assert.AreEqual("values", invalid.Errors.Single().Field);
        Assert.AreEqual(SubmitDecision.ValuesRequired, invalid.Errors.Single().Code);
    }

    [TestMethod]
    public void A_billed_day_is_never_replaced_even_by_good_values()
    {
        var decision = SubmitDecision.Decide(null, Check(), ReadingStatuses.Billed, true);

        Assert.AreEqual(new SubmitDecision.Conflict(SubmitDecision.AlreadyBilled), decision);
    }

    [TestMethod]
    public void Good_values_are_accepted_and_replace_only_an_existing_day()
    {
        Assert.AreEqual(new SubmitDecision.Record(ReadingStatuses.Accepted, false), SubmitDecision.Decide(null, Check(), null, false));
        Assert.AreEqual(new SubmitDecision.Record(ReadingStatuses.Accepted, true), SubmitDecision.Decide(null, Check(), ReadingStatuses.Accepted, false));
        Assert.AreEqual(new SubmitDecision.Record(ReadingStatuses.Accepted, true), SubmitDecision.Decide(null, Check(), ReadingStatuses.Withdrawn, false));
    }

    [TestMethod]
    public void An_implausible_reading_is_refused_until_confirmed_and_then_kept_for_review()
    {
        var refused = SubmitDecision.Decide(null, Check(ReadingRules.Implausible), null, false) as SubmitDecision.Invalid;
        var confirmed = SubmitDecision.Decide(null, Check(ReadingRules.Implausible), ReadingStatuses.NeedsReview, true);

        Assert.AreEqual(ReadingRules.Implausible, refused?.Code, "the code tells the client that confirming helps");
        Assert.AreEqual(new SubmitDecision.Record(ReadingStatuses.NeedsReview, true), confirmed);
    }

    [TestMethod]
    public void Confirming_does_not_let_other_errors_through()
    {
        var decision = SubmitDecision.Decide(null, Check(ReadingRules.Implausible, ReadingRules.TooManyDigits), null, true) as SubmitDecision.Invalid;

        Assert.IsNotNull(decision);
        Assert.AreEqual("request.validation_failed", decision.Code);
        Assert.AreEqual(2, decision.Errors.Count);
    }
}
