using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Readings;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// The money kinds against Azurite: ledger rows become entries and the balance is their sum, a re-import changes
/// nothing, a payment document is credited once, and what billing owns (billed readings, its bills) is left alone.
/// </summary>
[TestClass]
public sealed class ImportLedgerTests
{
    private static ImportApp _app = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _app = await ImportApp.StartAsync();

    [ClassCleanup]
    public static void Stop() => _app.Dispose();

    private static async Task<List<TableEntity>> EntriesAsync(string accountId) =>
        (await ImportStorage.PartitionAsync("accounts", accountId)).Where(e => e.RowKey.StartsWith("entry|")).ToList();

    private static async Task<long> BalanceAsync(string accountId) => (long)(await ImportStorage.FindAsync("accounts", accountId, "account"))!["Balance"];

    /// <summary>The account's Balance, asserted to be the sum of its entries.</summary>
    private static async Task<long> CheckedBalanceAsync(string accountId)
    {
        var balance = await BalanceAsync(accountId);
        Assert.AreEqual((await EntriesAsync(accountId)).Sum(e => (long)e["Amount"]), balance, "Balance == Σ entries");
        return balance;
    }

    private static async Task AccountsAsync(string p, params string[] rows) =>
        ImportAssert.Done(await _app.ImportCsvAsync("accounts", "providerId,number,openingBalance,openingDueDate\n" + string.Concat(rows.Select(r => $"{p},{r}\n"))), rows.Length);

    [TestMethod]
    public async Task Ledger_rows_become_entries_whose_sum_is_the_balance_and_a_reimport_changes_nothing()
    {
        var p = await TestData.ProviderAsync(_app);
        await AccountsAsync(p, "L-1,10000,2025-01-10", "L-2,,");
        var csv = "providerId,accountNumber,date,kind,amount,dueDate,service,documentNumber,description,corrects\n" +
            $"{p},L-1,2024-12-31,opening,50000,2025-01-10,electricity,,Долг на 01.01.2025,\n" +
            $"{p},L-1,2025-01-31,charge,183240,2025-02-10,electricity,B-1,Январь,\n" +
            $"{p},L-1,2025-02-05,payment,100000,,,PP-1,,\n" +
            $"{p},L-1,2025-02-06,correction,-3240,,,K-1,Перерасчёт,B-1\n" +
            $"{p},L-2,2025-01-31,charge,5000,2025-02-10,electricity,B-2,,\n" +
            $"{p},L-2,2025-01-31,charge,5000,2025-02-10,gas,B-3,,\n" +
            $"{p},L-3,2025-01-31,charge,5000,2025-02-10,electricity,B-4,,\n";
        var status = await _app.ImportCsvAsync("ledger", csv);
        ImportAssert.Done(status, 5, 2);
        CollectionAssert.AreEqual(new[] { (6, "import.service_unknown", (string?)"service"), (7, "import.account_unknown", "accountNumber") }, ImportAssert.Errors(status));

        var l1 = AccountIds.For(p, "L-1");
        Assert.AreEqual(10000 + 50000 + 183240 - 100000 - 3240, await CheckedBalanceAsync(l1));
        Assert.AreEqual(5000L, await CheckedBalanceAsync(AccountIds.For(p, "L-2")));
        var entries = (await EntriesAsync(l1)).ToDictionary(e => e.RowKey);
        CollectionAssert.AreEquivalent(new[] { "entry|opening|2025-01-10|", "entry|opening|2025-01-10|electricity", "entry|charge|2025-01-31|electricity|B-1", "entry|payment|PP-1", "entry|correction|K-1" }, entries.Keys.ToArray());
        Assert.AreEqual("2025-02-10", entries["entry|charge|2025-01-31|electricity|B-1"]["DueDate"]);
        Assert.AreEqual(-100000L, entries["entry|payment|PP-1"]["Amount"]);
        Assert.AreEqual("entry|charge|2025-01-31|electricity|B-1", entries["entry|correction|K-1"]["Corrects"]);
        Assert.AreEqual("import", entries["entry|correction|K-1"]["Source"]);

        var before = ImportStorage.Snapshot((await ImportStorage.PartitionAsync("accounts", l1)).Concat(await ImportStorage.PartitionAsync("paymentdocs", p)));
        ImportAssert.Done(await _app.ImportCsvAsync("ledger", csv), 5, 2);
        Assert.AreEqual(before, ImportStorage.Snapshot((await ImportStorage.PartitionAsync("accounts", l1)).Concat(await ImportStorage.PartitionAsync("paymentdocs", p))));

        // An issued charge is never edited: a different amount under its key is refused, a correction is the way.
        var changed = await _app.ImportCsvAsync("ledger", "providerId,accountNumber,date,kind,amount,dueDate,service,documentNumber\n" +
            $"{p},L-1,2025-01-31,charge,183241,2025-02-10,electricity,B-1\n{p},L-1,2025-03-01,correction,1,,,K-2\n");
        ImportAssert.Done(changed, 1, 1);
        Assert.AreEqual("import.entry_immutable", ImportAssert.Errors(changed)[0].Code);
        Assert.AreEqual(140001L, await CheckedBalanceAsync(l1));
    }

    [TestMethod]
    public async Task A_payment_document_is_credited_once_per_provider()
    {
        var p = await TestData.ProviderAsync(_app);
        await AccountsAsync(p, "P-1,0,", "P-2,0,");
        ImportAssert.Done(await _app.ImportCsvAsync("payments", $"providerId,accountNumber,date,amount,documentNumber,channel\n{p},P-1,2025-02-05,1000,DOC/9,\n"), 1);

        // The same document again: for the same account it is the same payment (accepted, nothing new), for another one refused.
        var again = await _app.ImportCsvAsync("ledger", "providerId,accountNumber,date,kind,amount,documentNumber\n" +
            $"{p},P-2,2025-02-05,payment,1000,DOC/9\n{p},P-1,2025-02-05,payment,1000,DOC/9\n{p},P-2,2025-02-06,payment,700,DOC-10\n{p},P-1,2025-02-06,payment,700,DOC-10\n");
        ImportAssert.Done(again, 2, 2);
        CollectionAssert.AreEqual(new[] { (1, "import.payment_document_taken", (string?)"documentNumber"), (4, "import.payment_document_taken", "documentNumber") }, ImportAssert.Errors(again));
        Assert.AreEqual(-1000L, await CheckedBalanceAsync(AccountIds.For(p, "P-1")));
        Assert.AreEqual(-700L, await CheckedBalanceAsync(AccountIds.For(p, "P-2")), "the first in the file keeps the document");
        Assert.AreEqual(AccountIds.For(p, "P-1"), (await ImportStorage.FindAsync("paymentdocs", p, "DOC%2F9"))!["AccountId"]);
        Assert.AreEqual("entry|payment|DOC%2F9", (await ImportStorage.FindAsync("paymentdocs", p, "DOC%2F9"))!["EntryRowKey"]);
    }

    [TestMethod]
    public async Task Billed_readings_and_billings_bills_are_left_alone()
    {
        var p = await TestData.ProviderAsync(_app);
        await AccountsAsync(p, "B-1,0,");
        ImportAssert.Done(await _app.ImportCsvAsync("meters", $"providerId,accountNumber,serial\n{p},B-1,M-1\n"), 1);
        var id = AccountIds.For(p, "B-1");
        // What billing wrote when it closed 2026-01: the reading it billed and its bill.
        await ImportStorage.Table("accounts").AddEntityAsync(new ReadingRecordEntity
        {
            PartitionKey = id, RowKey = ReadingRecordEntity.RowFor("M-1", "2026-01-20"), Serial = "M-1", Date = "2026-01-20", Values = """{"T1":"100"}""",
            Channel = ReadingChannels.Web, Status = ReadingStatuses.Billed, SubmittedAt = DateTimeOffset.Parse("2026-01-19T18:00:00Z"),
        });
        await ImportStorage.Table("accounts").AddEntityAsync(new BillEntity
        {
            PartitionKey = id, RowKey = BillEntity.RowFor("2026-01"), Period = "2026-01", Total = 9000, AmountDue = 9000, Source = LedgerSources.Billing, Document = "{}",
        });
        var bill = ImportStorage.Snapshot([(await ImportStorage.FindAsync("accounts", id, "bill|2026-01"))!]);

        var readings = await _app.ImportCsvAsync("readings", "providerId,accountNumber,serial,date,T1,status\n" +
            $"{p},B-1,M-1,2026-01-20,90,\n{p},B-1,M-1,2025-12-20,80,billed\n");
        ImportAssert.Done(readings, 1, 1);
        Assert.AreEqual((1, "import.reading_billed", (string?)"date"), ImportAssert.Errors(readings)[0]);
        Assert.AreEqual("""{"T1":"100"}""", (await ImportStorage.FindAsync("accounts", id, ReadingRecordEntity.RowFor("M-1", "2026-01-20")))!["Values"]);
        // History may come billed, and the very same row again is no change.
        ImportAssert.Done(await _app.ImportCsvAsync("readings", $"providerId,accountNumber,serial,date,T1,status\n{p},B-1,M-1,2025-12-20,80,billed\n"), 1);

        var bills = await _app.ImportCsvAsync("bills", $"providerId,accountNumber,period,total,status\n{p},B-1,2026-01,1,paid\n{p},B-1,2025-12,8000,issued\n");
        ImportAssert.Done(bills, 1, 1);
        Assert.AreEqual((1, "import.bill_owned_by_billing", (string?)"period"), ImportAssert.Errors(bills)[0]);
        Assert.AreEqual(bill, ImportStorage.Snapshot([(await ImportStorage.FindAsync("accounts", id, "bill|2026-01"))!]));
        // An imported bill is the file's: loading it again with a new status updates it.
        ImportAssert.Done(await _app.ImportCsvAsync("bills", $"providerId,accountNumber,period,total,status\n{p},B-1,2025-12,8000,paid\n"), 1);
        var imported = (await ImportStorage.FindAsync("accounts", id, "bill|2025-12"))!;
        Assert.AreEqual("paid", imported["Status"]);
        Assert.AreEqual("import", imported["Source"]);
        Assert.AreEqual(8000L, imported["AmountDue"]);
        Assert.AreEqual(0L, await CheckedBalanceAsync(id), "bills do not move the balance");
    }

    [TestMethod]
    public async Task Key_rates_and_bank_requisites_load()
    {
        // A day far from any period billing's tests compute, and removed afterwards: the key-rate table is shared.
        var day = "2" + Random.Shared.Next(100, 999) + "-0" + Random.Shared.Next(1, 9) + "-1" + Random.Shared.Next(0, 9);
        try
        {
            ImportAssert.Done(await _app.ImportCsvAsync("keyrates", $"effectiveFrom,rate\n{day},\"16,50\"\n"), 1);
            Assert.AreEqual("16.5", (await ImportStorage.FindAsync("keyrates", "keyrate", day))!["Rate"]);
            ImportAssert.Done(await _app.ImportCsvAsync("keyrates", $"effectiveFrom,rate\n{day},17\n"), 1);
            Assert.AreEqual("17", (await ImportStorage.FindAsync("keyrates", "keyrate", day))!["Rate"], "an operator corrects the history");
        }
        finally
        {
            await ImportStorage.Table("keyrates").DeleteEntityAsync("keyrate", day);
        }

        var p = TestEnvironment.UniqueName("prov");
        ImportAssert.Done(await _app.ImportCsvAsync("providers", "providerId,name,bankName,bic,correspondentAccount,settlementAccount\n" +
            $"{p},Энерго,ПАО Сбербанк,045209673,30101810900000000673,40702810945000000001\n"), 1);
        var provider = (await ImportStorage.FindAsync("providers", "provider", p))!;
        Assert.AreEqual("ПАО Сбербанк", provider["BankName"]);
        Assert.AreEqual("045209673", provider["Bic"]);
        Assert.AreEqual("30101810900000000673", provider["CorrespondentAccount"]);
        Assert.AreEqual("40702810945000000001", provider["SettlementAccount"]);
        Assert.AreEqual(15, provider["BillDueDay"]);
    }
}
