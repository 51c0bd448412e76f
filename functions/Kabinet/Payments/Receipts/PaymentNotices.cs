using Kabinet.Notifications;

namespace Kabinet.Payments.Receipts;

/// <summary>The payer's notices of a final payment: one per payment (the key is the payment id), however often the outcome is told.</summary>
public static class PaymentNotices
{
    public const string SucceededName = "payment_succeeded";
    public const string FailedName = "payment_failed";

    public static NoticeDraft Succeeded(string paymentId, long total, IReadOnlyList<string> accountNumbers, string? timeZone)
    {
        var accounts = string.Join(", ", accountNumbers);
        var (ru, en) = accountNumbers.Count == 1 ? ($"по лицевому счёту {accounts}", $"on account {accounts}") : ($"по лицевым счетам {accounts}", $"on accounts {accounts}");
        return new NoticeDraft($"{SucceededName}:{paymentId}", NoticeCategories.Payment,
            new NoticeText("Оплата прошла", $"Оплата {NoticeTemplates.Rub(total)} {ru} прошла. Квитанция — в разделе платежей и на вашем e-mail.", "Открыть квитанцию"),
            new NoticeText("Payment succeeded", $"The payment of {RubEn(total)} {en} succeeded. The receipt is in your payments and in your e-mail.", "Open the receipt"))
        {
            Template = SucceededName, ActionUrl = $"/payments/{paymentId}", TimeZone = timeZone,
        };
    }

    /// <summary>Failed or canceled: what to do next (try again, another card, the bank).</summary>
    public static NoticeDraft Failed(string paymentId, long total, bool canceled, string? timeZone)
    {
        var (ruTitle, enTitle) = canceled ? ("Оплата отменена", "Payment canceled") : ("Оплата не прошла", "Payment failed");
        var (ruWhy, enWhy) = canceled ? ($"Оплата {NoticeTemplates.Rub(total)} отменена, деньги не списаны.", $"The payment of {RubEn(total)} was canceled; no money was taken.")
            : ($"Оплата {NoticeTemplates.Rub(total)} не прошла, деньги не списаны.", $"The payment of {RubEn(total)} failed; no money was taken.");
        return new NoticeDraft($"{FailedName}:{paymentId}", NoticeCategories.Payment,
            new NoticeText(ruTitle, ruWhy + " Попробуйте ещё раз или оплатите другой картой; если отказ повторяется, обратитесь в банк, выпустивший карту.", "Оплатить снова"),
            new NoticeText(enTitle, enWhy + " Try again or pay with another card; if it is refused again, contact the bank that issued the card.", "Pay again"))
        {
            Template = FailedName, ActionUrl = $"/payments/{paymentId}", TimeZone = timeZone,
        };
    }

    private static string RubEn(long kopecks) => (kopecks / 100m).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture) + " RUB";
}
