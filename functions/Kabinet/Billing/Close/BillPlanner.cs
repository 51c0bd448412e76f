using Kabinet.Billing.Calendar;
using Kabinet.Billing.Penalties;
using System.Globalization;
using System.Text.Json;
using Kabinet.Billing.Charges;
using Kabinet.Readings;

namespace Kabinet.Billing;

/// <summary>
/// The pure close of one account and period: the same rows in give the same bill out, so closing twice, or again after a
/// crash, issues the same bill. The bill covers the days from the previous bill's issue (or the period's first day) to
/// this one's: what was owed before them (opening), charged, paid and penalised in them, and the closing balance.
/// Payments on the issue day itself count on the next bill.
/// </summary>
public static class BillPlanner
{
    public const string LedgerMismatch = "billing.ledger_mismatch";
    public const string TooManyRows = "billing.too_many_rows";
    public const string Penalty = "penalty";
    public const int MaxOperations = 100;

    public static DateOnly LocalDate(DateTimeOffset at, string timeZone)
    {
        try { return ReadingCalendar.LocalDate(at, timeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return DateOnly.FromDateTime(at.UtcDateTime); }
    }

    public static BillPlan Plan(AccountRows rows, ProviderBook book, string period, DateTimeOffset issuedAt, string runId)
    {
        var account = rows.Account;
        var provider = book.Provider;
        var sum = Ledger.Balance(rows.Entries);
        if (sum != account.Balance)
            return BillPlan.Park(LedgerMismatch, new Dictionary<string, object?> { ["balance"] = account.Balance, ["entries"] = sum });

        var charges = ChargeRules.Calculate(new ChargeInput(period, provider.ReadingsDay, account, rows.Meters, rows.Readings, rows.Metering,
            book.Services, book.Tariffs, book.Norms));
        if (charges.ParkReason is { } reason) return BillPlan.Park(reason, charges.ParkData);

        var issueDate = LocalDate(issuedAt, provider.TimeZone);
        var dueDate = WorkingDays.DueDate(period, provider.BillDueDay);
        var day = Iso(issueDate);
        var entries = new List<LedgerEntryEntity>();
        foreach (var (service, zone, amount) in ChargeRules.EntriesOf(charges.Lines))
        {
            if (amount == 0) continue;
            entries.Add(Entry(account.AccountId, LedgerKinds.Charge, LedgerEntryEntity.RowFor(LedgerKinds.Charge, period, service, zone), amount, day, Iso(dueDate),
                period, service, zone, issuedAt));
        }

        // Penalties accrue until the issue day on what was due before; those already charged are taken off.
        var penalties = PenaltyRules.Calculate(rows.Entries, issueDate, book.KeyRates).Total - rows.Entries.Where(e => e.Kind == LedgerKinds.Penalty).Sum(e => e.Amount);
        if (penalties != 0)
            entries.Add(Entry(account.AccountId, LedgerKinds.Penalty, LedgerEntryEntity.RowFor(LedgerKinds.Penalty, period), penalties, day, Iso(dueDate),
                period, Penalty, null, issuedAt));

        var from = rows.Bills.Where(b => b.Source == LedgerSources.Billing && b.IssuedAt is not null && string.CompareOrdinal(b.Period, period) < 0)
            .Select(b => LocalDate(b.IssuedAt!.Value, provider.TimeZone)).DefaultIfEmpty(BillingRunRules.FirstDay(period)).Max();
        var window = rows.Entries.Where(e => InWindow(e.Date, from, issueDate)).ToList();
        var opening = rows.Entries.Where(e => Before(e.Date, from)).Sum(e => e.Amount);
        var paidEntries = window.Where(e => e.Kind == LedgerKinds.Payment).ToList();
        var paid = -paidEntries.Sum(e => e.Amount);
        var penaltiesTotal = penalties + window.Where(e => e.Kind == LedgerKinds.Penalty).Sum(e => e.Amount);
        var otherCharges = window.Where(e => e.Kind is not (LedgerKinds.Payment or LedgerKinds.Penalty)).ToList();
        var lines = charges.Lines.Concat(otherCharges.Select(e => new BillLine(e.Service ?? e.Kind, e.Description ?? e.Kind, e.Zone, null, 1, "", 0, e.Amount,
            Recalculation: e.Kind == LedgerKinds.Correction))).ToList();
        var charged = charges.Lines.Sum(l => l.Amount) + otherCharges.Sum(e => e.Amount);
        var closing = opening + charged + penaltiesTotal - paid;

        var history = rows.Bills.Where(b => b.Document is not null && string.CompareOrdinal(b.Period, period) < 0).OrderByDescending(b => b.Period, StringComparer.Ordinal)
            .Take(11).SelectMany(b => Read(b.Document!)?.History.Where(h => h.Period == b.Period) ?? [])
            .Concat(ChargeRules.VolumesOf(period, charges.Lines)).OrderBy(h => h.Period, StringComparer.Ordinal).ToList();

        var names = book.Services.ToDictionary(s => s.RowKey, s => s.Name, StringComparer.Ordinal);
        var document = new BillDocument(account.AccountId, account.Number, period,
            new BillPayee(provider.ProviderId, provider.Name, provider.Inn, provider.Kpp, provider.Ogrn, provider.LegalAddress, provider.Phone, provider.Email,
                provider.Website, provider.BankName, provider.Bic, provider.CorrespondentAccount, provider.SettlementAccount),
            account.HolderName, account.Address, new BillPremises(account.Rooms, account.Residents, account.Area, account.Stove),
            opening, lines.Select(l => l with { ServiceName = names.GetValueOrDefault(l.Service, l.ServiceName) }).ToList(), charges.Readings,
            paidEntries.Select(e => new BillPayment(e.Date, -e.Amount, e.Channel, e.DocumentNumber)).ToList(),
            charged, penaltiesTotal, paid, closing, Math.Max(0, closing), Iso(dueDate), issuedAt, history);

        var newBalance = account.Balance + entries.Sum(e => e.Amount);
        var bill = new BillEntity
        {
            PartitionKey = account.AccountId, RowKey = BillEntity.RowFor(period), Period = period, Total = charged + penaltiesTotal, AmountDue = document.AmountDue,
            ClosingBalance = closing, DueDate = document.DueDate, Status = BillStatuses.Issued, Source = LedgerSources.Billing,
            Document = JsonSerializer.Serialize(document, JsonSerializerOptions.Web), IssuedAt = issuedAt, RunId = runId,
        };
        var plan = new BillPlan(bill, document, entries, charges.MeterStates, rows.Readings.Where(r => charges.ReadingRowsToMarkBilled.Contains(r.RowKey)).ToList(), newBalance);
        return plan.Operations > MaxOperations
            ? BillPlan.Park(TooManyRows, new Dictionary<string, object?> { ["operations"] = plan.Operations, ["max"] = MaxOperations })
            : plan;
    }

    public static BillDocument? Read(string json)
    {
        try { return JsonSerializer.Deserialize<BillDocument>(json, JsonSerializerOptions.Web); }
        catch (JsonException) { return null; }
    }

    private static LedgerEntryEntity Entry(string accountId, string kind, string rowKey, long amount, string date, string dueDate, string period,
        string? service, string? zone, DateTimeOffset at) => new()
    {
        PartitionKey = accountId, RowKey = rowKey, Kind = kind, Amount = amount, Date = date, DueDate = dueDate, Period = period, Service = service, Zone = zone,
        Source = LedgerSources.Billing, RecordedAt = at,
    };

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool Before(string? date, DateOnly from) => Allocation.Day(date) is not { } d || d < from;
    private static bool InWindow(string? date, DateOnly from, DateOnly to) => Allocation.Day(date) is { } d && d >= from && d < to;
}
