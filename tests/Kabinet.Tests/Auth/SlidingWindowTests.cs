using Kabinet.Accounts;
using Kabinet.Auth;

namespace Kabinet.Tests.Auth;

/// <summary>The pure rules of the numbered throttle slots and of the numbered places for links and groups.</summary>
[TestClass]
public sealed class SlidingWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [TestMethod]
    public void Slots_never_taken_or_taken_a_window_ago_are_free()
    {
        var taken = new Dictionary<int, DateTimeOffset> { [0] = Now.AddMinutes(-1), [1] = Now.AddMinutes(-15), [3] = Now.AddMinutes(-20) };

        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, SlidingWindow.FreeSlots(taken, 5, Window, Now));
        CollectionAssert.AreEqual(new[] { 1 }, SlidingWindow.FreeSlots(taken, 2, Window, Now));
    }

    [TestMethod]
    public void Five_within_one_window_lock_from_the_newest()
    {
        var times = Enumerable.Range(0, 5).Select(i => Now.AddSeconds(-150 + 30 * i)).ToList(); // the newest 30 s ago

        Assert.AreEqual(Now.AddSeconds(-30) + Window, SlidingWindow.LockedUntil(times, 5, Window, Window, Now));
        Assert.IsNull(SlidingWindow.LockedUntil(times, 6, Window, Window, Now), "fewer than the limit");
        Assert.IsNull(SlidingWindow.LockedUntil(times, 5, Window, Window, Now.AddMinutes(15)), "the lock is over");
    }

    [TestMethod]
    public void Five_spread_over_more_than_a_window_do_not_lock()
    {
        var times = new[] { Now.AddMinutes(-16), Now.AddMinutes(-16), Now.AddMinutes(-16), Now.AddMinutes(-16), Now };

        Assert.IsNull(SlidingWindow.LockedUntil(times, 5, Window, Window, Now));
    }

    [TestMethod]
    public void Retry_after_is_the_lock_end_or_when_the_oldest_leaves_the_window_and_at_least_a_second()
    {
        var times = new List<DateTimeOffset> { Now.AddMinutes(-10), Now.AddMinutes(-5) };

        Assert.AreEqual(TimeSpan.FromMinutes(5), SlidingWindow.RetryAfter(times, 2, Window, null, Now));
        Assert.AreEqual(TimeSpan.FromMinutes(10), SlidingWindow.RetryAfter(times, 2, Window, Window, Now));
        Assert.AreEqual(TimeSpan.FromSeconds(1), SlidingWindow.RetryAfter([Now.AddMinutes(-15)], 1, Window, null, Now));
    }

    [TestMethod]
    public void Places_are_the_first_limit_less_the_unslotted_rows_minus_the_held_ones()
    {
        CollectionAssert.AreEqual(new[] { 1, 3 }, CountSlots.Free(4, new HashSet<int> { 0, 2 }, 0));
        CollectionAssert.AreEqual(new[] { 1 }, CountSlots.Free(4, new HashSet<int> { 0, 2 }, 1));
        Assert.AreEqual(0, CountSlots.Free(10, new HashSet<int>(), 10).Count);
        Assert.AreEqual(0, CountSlots.Free(10, new HashSet<int>(), 12).Count);
    }

    [TestMethod]
    public void A_place_counts_as_held_only_by_the_row_it_names_or_while_its_row_is_being_added()
    {
        var now = Now;
        var slots = new List<CountSlotEntity>
        {
            new() { RowKey = CountSlotEntity.RowOf(0), HeldBy = "a", Timestamp = now.AddHours(-1) },
            new() { RowKey = CountSlotEntity.RowOf(1), HeldBy = "gone", Timestamp = now.AddMinutes(-2) }, // left behind: free to take over
            new() { RowKey = CountSlotEntity.RowOf(2), HeldBy = "coming", Timestamp = now.AddSeconds(-5) }, // its row is being added
        };

        var (busy, unslotted) = CountSlots.Holders([("a", CountSlotEntity.RowOf(0)), ("b", null), ("c", CountSlotEntity.RowOf(1))], slots, now);

        CollectionAssert.AreEquivalent(new[] { 0, 2 }, busy.ToArray());
        Assert.AreEqual(2, unslotted, "a row without a place (or naming a place it does not hold) still counts");
    }

    [TestMethod]
    public void A_decoy_message_is_one_that_needs_a_code_and_has_none()
    {
        Assert.IsTrue(Challenges.IsDecoy(new CodeMessage(CodeMessage.Sms, "+79130000000", CodePurposes.Reset, null)));
        Assert.IsFalse(Challenges.IsDecoy(new CodeMessage(CodeMessage.Sms, "+79130000000", CodePurposes.Reset, "12345")));
        Assert.IsFalse(Challenges.IsDecoy(new CodeMessage(CodeMessage.Sms, "+79130000000", CodePurposes.AlreadyRegistered, null)));
    }
}
