using Kabinet.Payments.Recheck;

namespace Kabinet.Tests.Payments;

[TestClass]
public sealed class RecheckScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [TestMethod]
    public void Checks_come_after_5_minutes_an_hour_then_daily_for_a_week()
    {
        TimeSpan[] slots = [TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), .. Enumerable.Range(1, 7).Select(d => TimeSpan.FromDays(d))];
        Assert.AreEqual(slots.Length, RecheckSchedule.Count);
        Assert.AreEqual(Created + slots[0], RecheckSchedule.Next(Created, 0, Created));
        for (var done = 1; done < slots.Length; done++)
            Assert.AreEqual(Created + slots[done], RecheckSchedule.Next(Created, done, Created + slots[done - 1] + Second), $"after check {done}");
    }

    [TestMethod]
    public void After_the_check_a_week_on_none_is_left_and_the_payment_expires()
    {
        Assert.IsNull(RecheckSchedule.Next(Created, RecheckSchedule.Count, Created + TimeSpan.FromDays(7) + Second));
        Assert.IsNull(RecheckSchedule.Next(Created, 3, Created + TimeSpan.FromDays(7)), "the last slot is not after now");
        Assert.IsNotNull(RecheckSchedule.Next(Created, 8, Created + TimeSpan.FromDays(7) - Second));
    }

    [TestMethod]
    public void A_timer_that_was_down_skips_the_slots_it_missed()
    {
        // One check done at 5 minutes, then nothing for three days and an hour: the next is day 4, not the hour or days 1–3.
        Assert.AreEqual(Created + TimeSpan.FromDays(4), RecheckSchedule.Next(Created, 1, Created + TimeSpan.FromDays(3) + TimeSpan.FromHours(1)));
    }

    [TestMethod]
    public void A_check_already_counted_is_not_scheduled_again()
    {
        // Two checks done, the clock (another instance's) a little behind: still the third slot, not the hour again.
        Assert.AreEqual(Created + TimeSpan.FromDays(1), RecheckSchedule.Next(Created, 2, Created + TimeSpan.FromMinutes(30)));
    }

    [TestMethod]
    public void The_next_check_is_always_after_now()
    {
        for (var minutes = 0; minutes < 8 * 24 * 60; minutes += 7)
        {
            var now = Created + TimeSpan.FromMinutes(minutes);
            for (var done = 0; done <= RecheckSchedule.Count; done++)
                if (RecheckSchedule.Next(Created, done, now) is { } next) Assert.IsTrue(next > now, $"{minutes} min, {done} done");
        }
    }
}
