using System.Globalization;
using Kabinet.Auth;
using Kabinet.Email;

namespace Kabinet.Billing.Pdf;

/// <summary>The bill e-mail: a short text in the user's language with the bill's PDF attached.</summary>
public static class BillMail
{
    public static EmailMessage For(BillDocument bill, string to, string language, string attachment)
    {
        var amount = BillLayout.Money(bill.AmountDue);
        var due = DateOnly.TryParseExact(bill.DueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : bill.DueDate;
        if (language == Languages.English)
            return new EmailMessage(to, $"Bill for {bill.Period}, account {bill.AccountNumber}",
                $"Hello,\n\nthe bill of {bill.Payee.Name} for {bill.Period}, personal account {bill.AccountNumber}, is attached (PDF).\n" +
                $"Amount due: {amount} RUB by {due}. The QR code on the bill pays it from a bank app.\n", Attachments: [attachment]);
        return new EmailMessage(to, $"Счёт за {BillLayout.PeriodName(bill.Period)}, лицевой счёт {bill.AccountNumber}",
            $"Здравствуйте!\n\nВо вложении счёт {bill.Payee.Name} за {BillLayout.PeriodName(bill.Period)} по лицевому счёту {bill.AccountNumber} (PDF).\n" +
            $"К оплате: {amount} ₽ до {due}. Оплатить можно по QR-коду на счёте в приложении банка.\n", Attachments: [attachment]);
    }
}
