using System.Globalization;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Platform.Storage;

namespace Kabinet.Operators;

/// <summary>A validated ledger row: the entry it writes, and for a correction the document number of the entry it corrects.</summary>
public sealed record LedgerRow(LedgerEntryEntity Entry, string? Corrects = null);

/// <summary>The pure rules of the money kinds: ledger, payments, bills, keyrates, and the accounts import's opening entry.</summary>
public static partial class ImportRules
{
    /// <summary>The kinds a ledger row may have; penalties are billing's own.</summary>
    public static readonly string[] LedgerRowKinds = [LedgerKinds.Opening, LedgerKinds.Charge, LedgerKinds.Payment, LedgerKinds.Correction];

    public const int MaxDocumentNumberLength = 100;

    /// <summary>
    /// ledger: amount is positive kopecks, except for a correction, whose sign is its direction (+ the customer owes
    /// more, − less; never 0). The entry's amount is signed by the debt: opening and charge +, payment −.
    /// dueDate is required for opening and charge, documentNumber for charge, payment and correction, service for charge.
    /// </summary>
    public static (ParsedRow<LedgerRow>?, RowError?) Ledger(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "accountNumber");
        var date = f.Date("date", required: true);
        var kind = f.OneOf("kind", LedgerRowKinds, required: true);
        var amount = kind == LedgerKinds.Correction ? f.Kopecks("amount", required: true) : f.Kopecks("amount", required: true, min: 1);
        if (f.Ok && amount == 0) f.Fail("import.amount_zero", "amount", "0");
        var debt = kind is LedgerKinds.Opening or LedgerKinds.Charge;
        var dueDate = f.Date("dueDate", required: debt);
        var service = ServiceCode(f, fallback: kind == LedgerKinds.Charge ? null : "");
        var document = DocumentNumber(f, required: kind != LedgerKinds.Opening);
        var description = f.Text("description", max: 500);
        var period = f.Period("period");
        var channel = f.Text("channel", max: 64);
        var corrects = kind == LedgerKinds.Correction ? f.Text("corrects", max: MaxDocumentNumberLength) : null;
        if (f.Ok && kind != LedgerKinds.Correction && f.Text("corrects") is { } stray) f.Fail("import.field_invalid", "corrects", stray);
        return Result(row, f, providerId, number, () =>
        {
            var accountId = AccountIds.For(providerId!, number!);
            var key = TableKeys.Escape(document ?? "");
            var entry = new LedgerEntryEntity
            {
                PartitionKey = accountId,
                RowKey = kind switch
                {
                    LedgerKinds.Opening => LedgerEntryEntity.RowFor(kind, dueDate, service),
                    LedgerKinds.Charge => LedgerEntryEntity.RowFor(kind, date, service, key),
                    _ => LedgerEntryEntity.RowFor(kind!, key),
                },
                Kind = kind!, Amount = kind == LedgerKinds.Payment ? -amount!.Value : amount!.Value, Date = date!, DueDate = debt ? dueDate : null,
                Period = period, Service = string.IsNullOrEmpty(service) ? null : service, DocumentNumber = document, Description = description,
                Channel = channel, Source = LedgerSources.Import,
            };
            return new LedgerRow(entry, corrects);
        });
    }

    /// <summary>payments: a ledger payment entry "entry|payment|{documentNumber}" of −amount.</summary>
    public static (ParsedRow<LedgerRow>?, RowError?) Payment(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "accountNumber");
        var date = f.Date("date", required: true);
        var amount = f.Kopecks("amount", required: true, min: 1);
        var document = DocumentNumber(f, required: true);
        var channel = f.Text("channel", max: 64);
        return Result(row, f, providerId, number, () => new LedgerRow(new LedgerEntryEntity
        {
            PartitionKey = AccountIds.For(providerId!, number!), RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Payment, TableKeys.Escape(document!)),
            Kind = LedgerKinds.Payment, Amount = -amount!.Value, Date = date!, DocumentNumber = document, Channel = channel, Source = LedgerSources.Import,
        }));
    }

    /// <summary>
    /// bills: an imported bill (Source import), a closed period for billing. Its AmountDue is the amountDue column,
    /// else max(0, total); it does not move the balance (the period's charges are ledger rows).
    /// </summary>
    public static (ParsedRow<BillEntity>?, RowError?) Bill(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "accountNumber");
        var period = f.Period("period", required: true);
        var total = f.Kopecks("total", required: true);
        var dueDate = f.Date("dueDate");
        var status = f.OneOf("status", BillStatuses.All, BillStatuses.Issued);
        var amountDue = f.Text("amountDue") is null ? null : f.Kopecks("amountDue", required: true, min: 0);
        return Result(row, f, providerId, number, () => new BillEntity
        {
            PartitionKey = AccountIds.For(providerId!, number!), RowKey = BillEntity.RowFor(period!), Period = period!, Total = total!.Value,
            AmountDue = amountDue ?? Math.Max(0, total.Value), ClosingBalance = total.Value, DueDate = dueDate, Status = status!, Source = LedgerSources.Import,
        });
    }

    /// <summary>keyrates: the Bank of Russia key rate in percent per year from effectiveFrom; no provider.</summary>
    public static (ParsedRow<KeyRateEntity>?, RowError?) KeyRate(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var from = f.Date("effectiveFrom", required: true);
        var rate = f.Decimal("rate", 4, 0, 100, required: true);
        return Result(row, f, "", null, () => new KeyRateEntity { RowKey = from!, Rate = Normalize(rate!) });
    }

    /// <summary>"16.50" and "16.5" are one rate: trailing fraction zeros go.</summary>
    private static string Normalize(string rate) =>
        decimal.Parse(rate, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// The opening entry an account's first import writes (null for a zero opening balance): due on the account's
    /// OpeningDueDate (the openingDueDate column, else the import's day), effective from that day, no service.
    /// </summary>
    public static LedgerEntryEntity? OpeningEntry(AccountEntity account, string dueDate, DateTimeOffset recordedAt) =>
        account.OpeningBalance == 0 ? null : new LedgerEntryEntity
        {
            PartitionKey = account.PartitionKey, RowKey = LedgerEntryEntity.RowFor(LedgerKinds.Opening, dueDate, ""), Kind = LedgerKinds.Opening,
            Amount = account.OpeningBalance, Date = dueDate, DueDate = dueDate, Description = "Входящее сальдо", Source = LedgerSources.Import,
            RecordedAt = recordedAt,
        };

    /// <summary>A document number: any text up to 100 characters (escaped where it becomes part of a key).</summary>
    private static string? DocumentNumber(FieldReader f, bool required)
    {
        var value = f.Text("documentNumber", required, MaxDocumentNumberLength);
        if (value is not null && value.Any(char.IsControl)) { f.Fail("import.field_invalid", "documentNumber", value); return null; }
        return value;
    }

    /// <summary>Whether an imported reading is the stored one again (values, status and channel).</summary>
    public static bool SameReading(Readings.ReadingRecordEntity stored, Readings.ReadingRecordEntity imported) =>
        stored.Values == imported.Values && stored.Status == imported.Status && stored.Channel == imported.Channel;

    /// <summary>Whether two entries record the same event: everything but the storage's own columns and when it was recorded.</summary>
    public static bool SameEntry(LedgerEntryEntity a, LedgerEntryEntity b) =>
        a.RowKey == b.RowKey && a.Kind == b.Kind && a.Amount == b.Amount && a.Date == b.Date && a.DueDate == b.DueDate && a.Period == b.Period
        && a.Service == b.Service && a.Zone == b.Zone && a.DocumentNumber == b.DocumentNumber && a.Description == b.Description
        && a.Corrects == b.Corrects && a.Channel == b.Channel && a.Source == b.Source;
}
