namespace Kabinet.Billing;

/// <summary>Pure rules of the ledger.</summary>
public static class Ledger
{
    /// <summary>The balance is the sum of the entries (kopecks; + owed, − prepaid): the account's Balance is a cached copy of it.</summary>
    public static long Balance(IEnumerable<LedgerEntryEntity> entries) => entries.Sum(e => e.Amount);
}
