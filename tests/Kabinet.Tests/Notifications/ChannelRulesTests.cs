using Kabinet.Auth;
using Kabinet.Notifications;

namespace Kabinet.Tests.Notifications;

[TestClass]
public sealed class ChannelRulesTests
{
    private static UserEntity User(bool email = true, bool phone = true, bool notifyEmail = true, bool notifySms = true, bool notifyMessenger = true,
        bool marketing = false) => new()
    {
        PartitionKey = "u1", Email = "a@example.com", EmailConfirmed = email, Phone = "+79990000000", PhoneConfirmed = phone,
        NotifyEmail = notifyEmail, NotifySms = notifySms, NotifyMessenger = notifyMessenger, MarketingOptIn = marketing,
    };

    private static NoticeEntity Notice(string category) => new() { PartitionKey = "u1", RowKey = "n1", Category = category };

    private static string Join(IEnumerable<string> c) => string.Join(",", c);

    [TestMethod]
    [DataRow(true, true, true, "email,sms,messenger")]
    [DataRow(false, true, true, "sms,messenger")]
    [DataRow(true, false, false, "email")]
    [DataRow(false, false, true, "messenger")]
    [DataRow(false, false, false, "")]
    public void Ordinary_notices_follow_the_switches(bool notifyEmail, bool notifySms, bool notifyMessenger, string expected) =>
        Assert.AreEqual(expected, Join(ChannelRules.Allowed(Notice(NoticeCategories.Billing), User(notifyEmail: notifyEmail, notifySms: notifySms, notifyMessenger: notifyMessenger))));

    [TestMethod]
    public void Unconfirmed_contacts_get_nothing()
    {
        Assert.AreEqual("sms,messenger", Join(ChannelRules.Allowed(Notice(NoticeCategories.Reading), User(email: false))));
        Assert.AreEqual("email", Join(ChannelRules.Allowed(Notice(NoticeCategories.Reading), User(phone: false))));
        Assert.AreEqual("email", Join(ChannelRules.Allowed(Notice(NoticeCategories.Security), User(phone: false))), "messenger reaches users by phone");
        var noAddress = User();
        noAddress.Email = null;
        Assert.AreEqual("sms,messenger", Join(ChannelRules.Allowed(Notice(NoticeCategories.Service), noAddress)));
    }

    [TestMethod]
    public void Security_goes_to_every_confirmed_contact_even_when_switched_off()
    {
        Assert.AreEqual("email,sms", Join(ChannelRules.Allowed(Notice(NoticeCategories.Security), User(notifyEmail: false, notifySms: false, notifyMessenger: false))));
        Assert.AreEqual("email,sms,messenger", Join(ChannelRules.Allowed(Notice(NoticeCategories.Security), User(notifyEmail: false, notifySms: false))));
    }

    [TestMethod]
    public void Marketing_needs_the_opt_in_and_then_follows_the_switches()
    {
        Assert.AreEqual("", Join(ChannelRules.Allowed(Notice(NoticeCategories.Marketing), User())));
        Assert.AreEqual("email", Join(ChannelRules.Allowed(Notice(NoticeCategories.Marketing), User(marketing: true, notifySms: false, notifyMessenger: false))));
    }

    [TestMethod]
    public void Not_delivered_notices_and_deleted_users_get_nothing()
    {
        var notice = Notice(NoticeCategories.Security);
        notice.Deliver = false;
        Assert.AreEqual("", Join(ChannelRules.Allowed(notice, User())));
        var deleted = User();
        deleted.DeletedAt = DateTimeOffset.UtcNow;
        Assert.AreEqual("", Join(ChannelRules.Allowed(Notice(NoticeCategories.Security), deleted)));
    }

    [TestMethod]
    public void A_channel_sent_once_is_never_due_again_and_requested_channels_narrow()
    {
        var notice = Notice(NoticeCategories.Billing);
        Assert.IsTrue(ChannelRules.MarkSent(notice, Channels.Email, DateTimeOffset.UtcNow));
        Assert.AreEqual("sms,messenger", Join(ChannelRules.Due(notice, User(), null)));
        Assert.AreEqual("sms", Join(ChannelRules.Due(notice, User(), [Channels.Sms, Channels.Email])));
        var first = notice.EmailSentAt;
        Assert.IsFalse(ChannelRules.MarkSent(notice, Channels.Email, DateTimeOffset.UtcNow.AddHours(1)), "set once, never moved");
        Assert.AreEqual(first, notice.EmailSentAt);
        Assert.IsFalse(ChannelRules.MarkSent(notice, "fax", DateTimeOffset.UtcNow));
    }

    [TestMethod]
    public void Only_sms_and_messenger_of_non_security_notices_wait()
    {
        Assert.IsTrue(ChannelRules.Holdable(Notice(NoticeCategories.Billing), Channels.Sms));
        Assert.IsTrue(ChannelRules.Holdable(Notice(NoticeCategories.Marketing), Channels.Messenger));
        Assert.IsFalse(ChannelRules.Holdable(Notice(NoticeCategories.Billing), Channels.Email));
        Assert.IsFalse(ChannelRules.Holdable(Notice(NoticeCategories.Security), Channels.Sms));
    }
}
