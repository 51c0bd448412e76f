using System.Globalization;
using Kabinet.Auth;

namespace Kabinet.Notifications;

/// <summary>
/// The notices features raise, one method per template: Russian and English texts (plain, short, with the concrete
/// numbers), the category, an in-app action path and the deduplication key that makes the same event one notice.
/// </summary>
public static class NoticeTemplates
{
    public const string AccountLinkedName = "account_linked";
    public const string ReadingAcceptedName = "reading_accepted";
    public const string ReadingNeedsReviewName = "reading_needs_review";
    public const string SecurityName = "security_changed";
    public const string ImportFinishedName = "import_finished";
    public const string ImportFailedName = "import_failed";
    public const string ReadingReminderName = "reading_reminder";
    public const string BillReadyName = "bill_ready";
    public const string PaymentDueName = "payment_due";

    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    private static string Day(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    /// <summary>The link row's time is the event: a retried request finds the link and raises nothing new, an unlink and relink is a new one.</summary>
    public static NoticeDraft AccountLinked(string accountId, string number, string? providerName, DateTimeOffset linkedAt)
    {
        var provider = string.IsNullOrWhiteSpace(providerName) ? "" : $" ({providerName})";
        return new NoticeDraft($"account_linked:{accountId}:{Ticks(linkedAt)}", NoticeCategories.Service,
            new NoticeText("Лицевой счёт подключён", $"Лицевой счёт {number}{provider} подключён к вашему личному кабинету.", "Открыть счёт"),
            new NoticeText("Account linked", $"Account {number}{provider} is now linked to your cabinet.", "Open the account"))
        {
            Template = AccountLinkedName, ActionUrl = $"/accounts/{accountId}", AccountId = accountId,
        };
    }

    /// <summary>
    /// A reading accepted, or kept for review (<paramref name="needsReview"/>). The key is the reading itself (account,
    /// meter, day, values, status): the same submission again is the same notice, other values the same day a new one.
    /// </summary>
    public static NoticeDraft Reading(string accountId, string number, string serial, DateOnly date, IReadOnlyDictionary<string, decimal> values,
        bool needsReview)
    {
        var status = needsReview ? "needs_review" : "accepted";
        var key = $"reading:{status}:{accountId}:{serial}:{date:yyyy-MM-dd}:{Values(values, Zone, CultureInfo.InvariantCulture)}";
        var ru = Values(values, ZoneRu, Ru);
        var en = Values(values, Zone, CultureInfo.InvariantCulture);
        var (ruText, enText) = needsReview
            ? (new NoticeText("Показания отправлены на проверку",
                    $"Показания счётчика {serial} по лицевому счёту {number} за {Day(date)} ({ru}) заметно отличаются от обычного расхода. Их проверит специалист."),
                new NoticeText("Reading sent for review",
                    $"The reading of meter {serial} on account {number} for {Day(date)} ({en}) differs markedly from the usual consumption. A specialist will check it."))
            : (new NoticeText("Показания приняты", $"Показания счётчика {serial} по лицевому счёту {number} за {Day(date)} приняты: {ru}."),
                new NoticeText("Reading accepted", $"The reading of meter {serial} on account {number} for {Day(date)} is accepted: {en}."));
        return new NoticeDraft(key, NoticeCategories.Reading, ruText, enText)
        {
            Template = needsReview ? ReadingNeedsReviewName : ReadingAcceptedName, ActionUrl = $"/accounts/{accountId}/readings", AccountId = accountId,
        };
    }

    /// <summary>
    /// A change of the user's security, in the app only (<see cref="NoticeDraft.Deliver"/> false): the codes queue has told the old
    /// contacts already. Keyed on the change's kind and time, so each change is one notice.
    /// </summary>
    public static NoticeDraft Security(string notice, DateTimeOffset at, string? device)
    {
        var (ru, en) = notice switch
        {
            SecurityNotices.PhoneChanged => ("Телефон для входа изменён", "Phone number for signing in changed"),
            SecurityNotices.EmailChanged => ("E-mail для входа изменён", "E-mail for signing in changed"),
            SecurityNotices.PasswordChanged => ("Пароль изменён", "Password changed"),
            SecurityNotices.PasswordReset => ("Пароль восстановлен", "Password reset"),
            SecurityNotices.TwoFactorOn => ("Двухфакторный вход включён", "Two-factor sign-in on"),
            SecurityNotices.TwoFactorOff => ("Двухфакторный вход отключён", "Two-factor sign-in off"),
            SecurityNotices.DeviceTrusted => ("Новое доверенное устройство", "New trusted device"),
            _ => ("Изменены настройки безопасности", "Security settings changed"),
        };
        var when = SecurityNotices.MoscowTime(at);
        var whenEn = at.ToOffset(SecurityNotices.MoscowOffset).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " Moscow time";
        var shortDevice = SecurityNotices.ShortDevice(device);
        return new NoticeDraft($"security:{notice}:{Ticks(at)}", NoticeCategories.Security,
            new NoticeText(ru, $"{ru}: {when}, устройство: {shortDevice}. Если это были не вы, восстановите пароль и обратитесь в поддержку.", "Безопасность"),
            new NoticeText(en, $"{en}: {whenEn}, device: {(string.IsNullOrWhiteSpace(device) ? "unknown device" : shortDevice)}. If it was not you, reset your password and contact support.", "Security"))
        {
            Template = SecurityName, ActionUrl = "/profile/security", Deliver = false,
        };
    }

    /// <summary>An import done, to the operator who started it: one notice per import.</summary>
    public static NoticeDraft ImportFinished(string importId, string kind, string? fileName, int rows, int accepted, int rejected)
    {
        var file = string.IsNullOrWhiteSpace(fileName) ? "" : $" «{fileName}»";
        var fileEn = string.IsNullOrWhiteSpace(fileName) ? "" : $" \"{fileName}\"";
        return new NoticeDraft($"import_finished:{importId}", NoticeCategories.Service,
            new NoticeText("Импорт завершён", $"Импорт{file} ({kind}) завершён: строк {rows}, принято {accepted}, отклонено {rejected}.", "Открыть импорт"),
            new NoticeText("Import finished", $"Import{fileEn} ({kind}) finished: {rows} rows, {accepted} accepted, {rejected} rejected.", "Open the import"))
        {
            Template = ImportFinishedName, ActionUrl = $"/operator/imports/{importId}",
        };
    }

    /// <summary>An import failed. Keyed with the restart count: a restarted import that fails again is a new event.</summary>
    public static NoticeDraft ImportFailed(string importId, int restarts, string kind, string? fileName, string? code, int rowsDone, int rows)
    {
        var file = string.IsNullOrWhiteSpace(fileName) ? "" : $" «{fileName}»";
        var fileEn = string.IsNullOrWhiteSpace(fileName) ? "" : $" \"{fileName}\"";
        return new NoticeDraft($"import_failed:{importId}:{restarts.ToString(CultureInfo.InvariantCulture)}", NoticeCategories.Service,
            new NoticeText("Импорт не завершён", $"Импорт{file} ({kind}) остановлен с ошибкой {code}: обработано строк {rowsDone} из {rows}. Его можно перезапустить.", "Открыть импорт"),
            new NoticeText("Import failed", $"Import{fileEn} ({kind}) stopped with {code}: {rowsDone} of {rows} rows processed. It can be restarted.", "Open the import"))
        {
            Template = ImportFailedName, ActionUrl = $"/operator/imports/{importId}",
        };
    }

    /// <summary>One reminder per account and period (<paramref name="period"/> yyyy-MM), naming the hand-read meters still without a reading.</summary>
    public static NoticeDraft ReadingReminder(string accountId, string number, IReadOnlyList<string> serials, DateOnly deadline, string period)
    {
        var meters = string.Join(", ", serials);
        var (ruMeters, enMeters) = serials.Count == 1 ? ($"счётчика {meters}", $"meter {meters}") : ($"счётчиков {meters}", $"meters {meters}");
        return new NoticeDraft($"reading_reminder:{accountId}:{period}", NoticeCategories.Reading,
            new NoticeText("Пора передать показания", $"Передайте показания {ruMeters} по лицевому счёту {number} до {Day(deadline)} включительно.", "Передать показания"),
            new NoticeText("Time to submit readings", $"Please submit the readings of {enMeters} on account {number} by {Day(deadline)}.", "Submit readings"))
        {
            Template = ReadingReminderName, ActionUrl = $"/accounts/{accountId}/meters", AccountId = accountId,
        };
    }

    /// <summary>A period's bill issued: one notice per account and period.</summary>
    public static NoticeDraft BillReady(string accountId, string number, string period, long amountDue, DateOnly dueDate)
    {
        var (ru, en) = amountDue > 0
            ? ($"Квитанция за {Month(period)} по лицевому счёту {number} готова: к оплате {Rub(amountDue)} до {Day(dueDate)}.",
                $"The bill for {period} on account {number} is ready: {RubEn(amountDue)} due by {Day(dueDate)}.")
            : ($"Квитанция за {Month(period)} по лицевому счёту {number} готова: оплачивать ничего не нужно.",
                $"The bill for {period} on account {number} is ready: nothing to pay.");
        return new NoticeDraft($"bill_ready:{accountId}:{period}", NoticeCategories.Billing,
            new NoticeText("Квитанция готова", ru, "Открыть квитанцию"), new NoticeText("Bill ready", en, "Open the bill"))
        {
            Template = BillReadyName, ActionUrl = $"/accounts/{accountId}/bills/{period}", AccountId = accountId,
        };
    }

    /// <summary>A bill still unpaid a few days before its due date: one reminder per account and period.</summary>
    public static NoticeDraft PaymentDue(string accountId, string number, string period, long amountDue, DateOnly dueDate) =>
        new($"payment_due:{accountId}:{period}", NoticeCategories.Payment,
            new NoticeText("Скоро срок оплаты", $"По лицевому счёту {number} к оплате {Rub(amountDue)} до {Day(dueDate)} (квитанция за {Month(period)}). После срока начисляются пени.", "Оплатить"),
            new NoticeText("Payment due soon", $"Account {number}: {RubEn(amountDue)} is due by {Day(dueDate)} (bill for {period}). Penalties accrue after the due date.", "Pay"))
        {
            Template = PaymentDueName, ActionUrl = $"/accounts/{accountId}/charges", AccountId = accountId,
        };

    /// <summary>Kopecks as "1 234,56 ₽".</summary>
    public static string Rub(long kopecks) => (kopecks / 100m).ToString("#,0.00", Ru) + " ₽";
    private static string RubEn(long kopecks) => (kopecks / 100m).ToString("#,0.00", CultureInfo.InvariantCulture) + " RUB";
    /// <summary>"ноябрь 2026" (without a day, .NET names the month as it stands alone).</summary>
    private static string Month(string period) =>
        DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("MMMM yyyy", Ru);

    private static string Zone(string zone) => zone;

    private static string ZoneRu(string zone) => zone switch
    {
        "day" => "день", "night" => "ночь", "peak" => "пик", "semipeak" => "полупик", _ => zone,
    };

    /// <summary>"T1 15738" or "день 1234,5; ночь 567" (zones in ordinal order).</summary>
    private static string Values(IReadOnlyDictionary<string, decimal> values, Func<string, string> zone, CultureInfo culture) =>
        string.Join("; ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{zone(v.Key)} {v.Value.ToString(culture)}"));
}
