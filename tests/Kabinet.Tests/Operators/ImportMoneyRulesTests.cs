using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Operators;

namespace Kabinet.Tests.Operators;

/// <summary>The pure rules of the money kinds (ledger, keyrates, providers' bank requisites, the opening entry) and the ledger's plan.</summary>
[TestClass]
public sealed class ImportMoneyRulesTests
{
    private static SourceRow Row(string kind, Dictionary<string, string?> fields) => new(1, 2, kind, 0, fields);

    private static Dictionary<string, string?> With(Dictionary<string, string?> valid, params (string Field, string? Value)[] changes)
    {
        var fields = new Dictionary<string, string?>(valid);
        foreach (var (field, value) in changes)
            if (value is null) fields.Remove(field);
            else fields[field] = value;
        return fields;
    }

    private static void AssertError(RowError? error, string code, string? field)
    {
        Assert.IsNotNull(error, "expected " + code);
        Assert.AreEqual(code, error.Code, error.ToString());
        Assert.AreEqual(field, error.Field, error.ToString());
    }

    private static readonly Dictionary<string, string?> Charge = new()
    {
        ["providerId"] = "p1", ["accountNumber"] = "100200", ["date"] = "2025-10-31", ["kind"] = "charge", ["amount"] = "183240",
        ["dueDate"] = "2025-11-10", ["service"] = "electricity", ["documentNumber"] = "B-2025-10",
    };

    private static LedgerEntryEntity Ledger(Dictionary<string, string?> fields)
    {
        var (row, error) = ImportRules.Ledger(Row("ledger", fields));
        Assert.IsNull(error, error?.ToString());
        return row!.Value.Entry;
    }

    private static RowError? LedgerError(Dictionary<string, string?> fields) => ImportRules.Ledger(Row("ledger", fields)).Item2;

    [TestMethod]
    public void A_ledger_charge_is_owed_from_its_due_date_keyed_by_date_service_and_document()
    {
        var e = Ledger(Charge);
        Assert.AreEqual(AccountIds.For("p1", "100200"), e.PartitionKey);
        Assert.AreEqual("entry|charge|2025-10-31|electricity|B-2025-10", e.RowKey);
        Assert.AreEqual(LedgerKinds.Charge, e.Kind);
        Assert.AreEqual(183240L, e.Amount);
        Assert.AreEqual("2025-11-10", e.DueDate);
        Assert.AreEqual(LedgerSources.Import, e.Source);

        AssertError(LedgerError(With(Charge, ("dueDate", null))), "import.field_required", "dueDate");
        AssertError(LedgerError(With(Charge, ("service", null))), "import.field_required", "service");
        AssertError(LedgerError(With(Charge, ("documentNumber", null))), "import.field_required", "documentNumber");
        AssertError(LedgerError(With(Charge, ("amount", "-100"))), "import.amount_not_positive", "amount");
        AssertError(LedgerError(With(Charge, ("amount", "0"))), "import.amount_not_positive", "amount");
        AssertError(LedgerError(With(Charge, ("kind", "penalty"))), "import.value_not_allowed", "kind");
        AssertError(LedgerError(With(Charge, ("corrects", "X"))), "import.field_invalid", "corrects");
        AssertError(LedgerError(With(Charge, ("period", "2025-13"))), "import.period_invalid", "period");
        Assert.AreEqual("2025-10", Ledger(With(Charge, ("period", "2025-10"))).Period);
    }

    [TestMethod]
    public void An_opening_debt_needs_its_due_date_and_keys_on_it_and_the_service()
    {
        var opening = With(Charge, ("kind", "opening"), ("documentNumber", null), ("service", null), ("dueDate", "2024-03-10"));
        var e = Ledger(opening);
        Assert.AreEqual("entry|opening|2024-03-10|", e.RowKey);
        Assert.AreEqual(183240L, e.Amount);
        Assert.IsNull(e.Service);
        Assert.AreEqual("entry|opening|2024-03-10|solid_waste", Ledger(With(opening, ("service", "solid_waste"))).RowKey);
        AssertError(LedgerError(With(opening, ("dueDate", null))), "import.field_required", "dueDate");
    }

    [TestMethod]
    public void A_ledger_payment_is_negative_and_a_correction_is_signed_by_its_amount()
    {
        var payment = Ledger(With(Charge, ("kind", "payment"), ("dueDate", null), ("service", null), ("documentNumber", "PP 7/1"), ("channel", "post")));
        Assert.AreEqual("entry|payment|PP 7%2F1", payment.RowKey);
        Assert.AreEqual(-183240L, payment.Amount);
        Assert.IsNull(payment.DueDate, "a payment is no debt");
        Assert.AreEqual("post", payment.Channel);

        var correction = With(Charge, ("kind", "correction"), ("service", null), ("documentNumber", "K-1"), ("amount", "-5000"), ("corrects", "B-2025-10"));
        var (row, error) = ImportRules.Ledger(Row("ledger", correction));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual("entry|correction|K-1", row!.Value.Entry.RowKey);
        Assert.AreEqual(-5000L, row.Value.Entry.Amount, "− lowers the debt");
        Assert.AreEqual("B-2025-10", row.Value.Corrects);
        Assert.AreEqual(5000L, Ledger(With(correction, ("amount", "5000"))).Amount, "+ raises it");
        AssertError(LedgerError(With(correction, ("amount", "0"))), "import.amount_zero", "amount");
        AssertError(LedgerError(With(correction, ("documentNumber", null))), "import.field_required", "documentNumber");
        AssertError(LedgerError(With(correction, ("documentNumber", "K\n1"))), "import.field_invalid", "documentNumber");
    }

    [TestMethod]
    public void A_key_rate_is_a_percentage_from_a_day_and_needs_no_provider()
    {
        var (row, error) = ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "2025-10-27", ["rate"] = "16,50" }));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual(KeyRateEntity.Partition, row!.Value.PartitionKey);
        Assert.AreEqual("2025-10-27", row.Value.RowKey);
        Assert.AreEqual("16.5", row.Value.Rate);
        Assert.AreEqual("21", ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "2024-10-28", ["rate"] = "21.00" })).Item1!.Value.Rate);
        AssertError(ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "2025-10-27" })).Item2, "import.field_required", "rate");
        AssertError(ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "27.10.2025", ["rate"] = "16.5" })).Item2, "import.date_invalid", "effectiveFrom");
        AssertError(ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "2025-10-27", ["rate"] = "-1" })).Item2, "import.number_out_of_range", "rate");
        AssertError(ImportRules.KeyRate(Row("keyrates", new() { ["effectiveFrom"] = "2025-10-27", ["rate"] = "101" })).Item2, "import.number_out_of_range", "rate");
    }

    [TestMethod]
    [DataRow("bic", "04525225", "import.field_invalid")]
    [DataRow("bic", "0452522501", "import.field_invalid")]
    [DataRow("correspondentAccount", "3010181040000000022", "import.field_invalid")]
    [DataRow("settlementAccount", "4070281090000000000A", "import.field_invalid")]
    public void Bank_requisites_are_digits_of_their_length(string field, string value, string code)
    {
        var (row, error) = ImportRules.Provider(Row("providers", new() { ["providerId"] = "p1", ["name"] = "Энерго", [field] = value }));
        Assert.IsNull(row);
        AssertError(error, code, field);
    }

    [TestMethod]
    public void A_provider_carries_the_bank_requisites_the_payment_qr_needs()
    {
        var (row, error) = ImportRules.Provider(Row("providers", new()
        {
            ["providerId"] = "p1", ["name"] = "Энерго", ["bankName"] = "ПАО Сбербанк", ["bic"] = "045209673",
            ["correspondentAccount"] = "30101810900000000673", ["settlementAccount"] = "40702810945000000001",
        }));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual("ПАО Сбербанк", row!.Value.BankName);
        Assert.AreEqual("045209673", row.Value.Bic);
        Assert.AreEqual("30101810900000000673", row.Value.CorrespondentAccount);
        Assert.AreEqual("40702810945000000001", row.Value.SettlementAccount);
        Assert.AreEqual(15, row.Value.BillDueDay);
    }

    [TestMethod]
    public void An_accounts_opening_balance_becomes_an_opening_entry_due_on_its_day()
    {
        var (row, error) = ImportRules.Account(Row("accounts", new() { ["providerId"] = "p1", ["number"] = "1", ["openingBalance"] = "-5000", ["openingDueDate"] = "2025-12-10" }));
        Assert.IsNull(error, error?.ToString());
        Assert.AreEqual("2025-12-10", row!.Value.OpeningDueDate);
        var e = ImportRules.OpeningEntry(row.Value, row.Value.OpeningDueDate!, DateTimeOffset.UnixEpoch)!;
        Assert.AreEqual("entry|opening|2025-12-10|", e.RowKey);
        Assert.AreEqual(-5000L, e.Amount);
        Assert.AreEqual(row.Value.Balance, e.Amount, "the balance starts as the sum of the one entry");
        Assert.IsNull(ImportRules.OpeningEntry(new AccountEntity { PartitionKey = "a", OpeningBalance = 0 }, "2025-12-10", DateTimeOffset.UnixEpoch));
        AssertError(ImportRules.Account(Row("accounts", new() { ["providerId"] = "p1", ["number"] = "1", ["openingDueDate"] = "2025-12" })).Item2, "import.date_invalid", "openingDueDate");
    }

    // ---- the ledger's plan ----

    private static LedgerRow Entry(string rowKey, long amount, string? document = null, string kind = LedgerKinds.Charge, string? corrects = null) =>
        new(new LedgerEntryEntity { PartitionKey = "a", RowKey = rowKey, Kind = kind, Amount = amount, Date = "2025-01-01", DocumentNumber = document }, corrects);

    [TestMethod]
    public void The_plan_writes_new_entries_once_and_refuses_to_change_stored_ones()
    {
        var stored = new Dictionary<string, LedgerEntryEntity> { ["entry|charge|x"] = Entry("entry|charge|x", 100, "B1").Entry };
        LedgerRow[] rows = [Entry("entry|charge|x", 100, "B1"), Entry("entry|charge|x", 200, "B1"), Entry("entry|charge|y", 5, "B2"), Entry("entry|charge|y", 5, "B2"), Entry("entry|charge|y", 6, "B2")];
        var outcomes = new EntryOutcome[rows.Length];
        var pending = ImportLedger.Plan(rows, stored, new HashSet<string>(), outcomes);
        CollectionAssert.AreEqual(new[] { EntryOutcome.Same, EntryOutcome.Immutable, EntryOutcome.Written, EntryOutcome.Same, EntryOutcome.Immutable }, outcomes);
        CollectionAssert.AreEqual(new[] { "entry|charge|y" }, pending.Select(e => e.RowKey).ToArray());
    }

    [TestMethod]
    public void A_correction_links_to_the_entry_of_its_document_or_is_refused()
    {
        var stored = new Dictionary<string, LedgerEntryEntity> { ["entry|charge|x"] = Entry("entry|charge|x", 100, "B1").Entry };
        LedgerRow[] rows = [Entry("entry|payment|P1", -50, "P1", LedgerKinds.Payment), Entry("entry|correction|K1", -10, "K1", LedgerKinds.Correction, corrects: "B1"),
            Entry("entry|correction|K2", 10, "K2", LedgerKinds.Correction, corrects: "P1"), Entry("entry|correction|K3", 10, "K3", LedgerKinds.Correction, corrects: "nope")];
        var outcomes = new EntryOutcome[rows.Length];
        var pending = ImportLedger.Plan(rows, stored, new HashSet<string>(), outcomes);
        CollectionAssert.AreEqual(new[] { EntryOutcome.Written, EntryOutcome.Written, EntryOutcome.Written, EntryOutcome.CorrectsUnknown }, outcomes);
        Assert.AreEqual("entry|charge|x", pending[1].Corrects);
        Assert.AreEqual("entry|payment|P1", pending[2].Corrects);
    }
}
