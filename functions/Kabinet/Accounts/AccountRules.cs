using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kabinet.Billing;
using Kabinet.Platform.Storage;

namespace Kabinet.Accounts;

public static class BillDeliveries
{
    public const string Paper = "paper";
    public const string Email = "email";
    public static readonly string[] All = [Paper, Email];

    /// <summary>
    /// Seed 004, 3.1.1.2: paper bills keep coming until every user who linked the account chose e-mail.
    /// An account nobody has linked gets paper.
    /// </summary>
    public static string ForAccount(IEnumerable<string> choices)
    {
        var list = choices.ToList();
        return list.Count > 0 && list.All(c => c == Email) ? Email : Paper;
    }
}

public static class ProofMethods
{
    public const string LastPayment = "lastPayment";
    public const string MeterSerial = "meterSerial";
    public const string LastBill = "lastBill";
    public static readonly string[] All = [LastPayment, MeterSerial, LastBill];

    /// <summary>The provider's comma-separated AcceptedProofs as a list of known methods.</summary>
    public static string[] Parse(string? accepted) =>
        (accepted ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(All.Contains).Distinct().ToArray();
}

public static class Groups
{
    /// <summary>The virtual group "Все": every account; it cannot be renamed or removed.</summary>
    public const string All = "all";
    public const string AllName = "Все";
    public const int MaxNameLength = 50;
    public const int MaxPerUser = 30;

    public static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>Group ids this app makes are 16 hex digits; anything else is unknown (and never reaches a table key).</summary>
    public static bool IsWellFormedId(string? id) => id is { Length: > 0 and <= 32 } && id.All(char.IsAsciiLetterOrDigit);

    /// <summary>The key a name is unique under: trimmed, case-folded, hashed so any text makes a valid row key.</summary>
    public static string NameKey(string name) =>
        GroupNameEntity.Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name.Trim().ToUpperInvariant())))[..32].ToLowerInvariant();

    public static bool IsReservedName(string name) =>
        string.Equals(name.Trim(), AllName, StringComparison.OrdinalIgnoreCase) || string.Equals(name.Trim(), All, StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when fine, else the error code.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "group.name_required";
        var trimmed = name.Trim();
        if (trimmed.Length > MaxNameLength) return "group.name_too_long";
        return AccountRules.HasControlCharacters(trimmed) ? "group.name_invalid" : null;
    }
}

/// <summary>One broken rule of a request: the field (JSON path) and the stable code.</summary>
public sealed record RuleError(string Field, string Code);

/// <summary>A link request's values as they are used: trimmed, and the group "all" when none is given.</summary>
public sealed record LinkInput(string ProviderId, string Number, VerificationRequest? Verification, string GroupId);

/// <summary>Pure rules of linking an account and of the user's settings for it.</summary>
public static class AccountRules
{
    public const int MaxAccountsPerUser = 10;
    public const int MaxFailedProofs = 5;
    public static readonly TimeSpan FailedProofWindow = TimeSpan.FromHours(24);
    public const int MaxAliasLength = 50;
    public const int MaxNumberLength = 50;
    public const int MaxProviderIdLength = 100;
    public const int MaxSerialLength = 50;

    public static bool HasControlCharacters(string value) =>
        value.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    /// <summary>Account ids are what <see cref="AccountIds.For"/> makes; anything else cannot be linked and never reaches a table key.</summary>
    public static bool IsWellFormedAccountId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string? CheckAlias(string? alias)
    {
        if (alias is null) return null;
        var trimmed = alias.Trim();
        if (trimmed.Length > MaxAliasLength) return "account.alias_too_long";
        return HasControlCharacters(trimmed) ? "account.alias_invalid" : null;
    }

    /// <summary>Null or blank alias means none.</summary>
    public static string? CleanAlias(string? alias) => string.IsNullOrWhiteSpace(alias) ? null : alias.Trim();

    /// <summary>Meter serials compare like account numbers: without spaces, dashes and case.</summary>
    public static string NormalizeSerial(string serial) => AccountIds.NormalizeNumber(serial);

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// lastPayment: the date and amount of the latest payment the provider received (a ledger payment entry, whose
    /// amount is negative). When several payments share the latest date, any of them counts.
    /// </summary>
    public static bool MatchesLastPayment(IEnumerable<LedgerEntryEntity> entries, DateOnly date, long amount)
    {
        var dated = entries.Where(e => e.Kind == LedgerKinds.Payment)
            .Select(p => (Ok: TryParseDate(p.Date, out var d), Date: d, Amount: -p.Amount)).Where(p => p.Ok).ToList();
        if (dated.Count == 0) return false;
        var latest = dated.Max(p => p.Date);
        return latest == date && dated.Any(p => p.Date == latest && p.Amount == amount);
    }

    /// <summary>meterSerial: the serial of any of the account's active meters.</summary>
    public static bool MatchesMeter(IEnumerable<MeterEntity> meters, string serial)
    {
        var wanted = NormalizeSerial(serial);
        return wanted.Length > 0 && meters.Any(m => m.State == MeterStates.Active && NormalizeSerial(m.Serial) == wanted);
    }

    /// <summary>
    /// lastBill: the amount to pay of the latest bill (by period), as the bill prints it: its AmountDue, or its Total
    /// when nothing was due (imported bills carry the file's total in both unless the file gave amountDue).
    /// </summary>
    public static bool MatchesLastBill(IEnumerable<BillEntity> bills, long amount)
    {
        var latest = bills.Where(b => b.Period.Length > 0).MaxBy(b => b.Period, StringComparer.Ordinal);
        return latest is not null && (latest.AmountDue > 0 ? latest.AmountDue : latest.Total) == amount;
    }

    /// <summary>Balances are kopecks, positive = the customer owes, negative = prepaid: what is owed (≥ 0).</summary>
    public static long AmountDue(long balance) => Math.Max(balance, 0);

    /// <summary>What was paid beyond the charges (≥ 0); <see cref="AmountDue"/> and this are never both above zero.</summary>
    public static long Overpayment(long balance) => Math.Max(-balance, 0);

    /// <summary>
    /// A provider id and an account number as an account is looked up by (linking, a guest's payment): trimmed; each broken
    /// rule is added under its field.
    /// </summary>
    public static (string ProviderId, string Number) CheckAccountKey(string? providerId, string? number, List<RuleError> errors,
        string providerField = "providerId", string numberField = "number")
    {
        var provider = providerId?.Trim() ?? "";
        if (provider.Length == 0) errors.Add(new(providerField, "account.provider_required"));
        else if (!TableKeys.IsSafe(provider, MaxProviderIdLength)) errors.Add(new(providerField, "account.provider_invalid"));

        var trimmed = number?.Trim() ?? "";
        if (trimmed.Length == 0) errors.Add(new(numberField, "account.number_required"));
        else if (trimmed.Length > MaxNumberLength || HasControlCharacters(trimmed) || AccountIds.NormalizeNumber(trimmed).Length == 0)
            errors.Add(new(numberField, "account.number_invalid"));
        return (provider, trimmed);
    }

    /// <summary>
    /// Everything of a link request that needs no storage: provider id, number, the proof of its method, the alias.
    /// Every broken rule is listed; whether the group exists is the caller's to check.
    /// </summary>
    public static (LinkInput Input, List<RuleError> Errors) ValidateLink(LinkRequest request)
    {
        var errors = new List<RuleError>();
        void Fail(string field, string code) => errors.Add(new RuleError(field, code));

        var (providerId, number) = CheckAccountKey(request.ProviderId, request.Number, errors);

        var proof = request.Verification;
        if (proof is null) Fail("verification", "account.verification_required");
        else
        {
            switch (proof.Method)
            {
                case ProofMethods.LastPayment:
                    if (!TryParseDate(proof.Date, out _)) Fail("verification.date", "account.date_invalid");
                    if (proof.Amount is not > 0) Fail("verification.amount", "account.amount_invalid");
                    break;
                case ProofMethods.MeterSerial:
                    if (string.IsNullOrWhiteSpace(proof.Serial)) Fail("verification.serial", "account.serial_required");
                    else if (proof.Serial.Trim().Length > MaxSerialLength || HasControlCharacters(proof.Serial))
                        Fail("verification.serial", "account.serial_invalid");
                    break;
                case ProofMethods.LastBill:
                    if (proof.Amount is not > 0) Fail("verification.amount", "account.amount_invalid");
                    break;
                default:
                    Fail("verification.method", "account.verification_method_invalid");
                    break;
            }
        }

        if (CheckAlias(request.Alias) is { } aliasError) Fail("alias", aliasError);
        var groupId = string.IsNullOrWhiteSpace(request.GroupId) ? Groups.All : request.GroupId.Trim();
        return (new LinkInput(providerId, number, proof, groupId), errors);
    }
}
