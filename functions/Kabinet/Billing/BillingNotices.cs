using Kabinet.Notifications;

namespace Kabinet.Billing;

/// <summary>Billing's notices, from the issued document (the templates live with the others in <see cref="NoticeTemplates"/>).</summary>
public static class BillingNotices
{
    public static NoticeDraft BillReady(BillDocument bill) =>
        NoticeTemplates.BillReady(bill.AccountId, bill.AccountNumber, bill.Period, bill.AmountDue, DateOnly.ParseExact(bill.DueDate, "yyyy-MM-dd"));
}
