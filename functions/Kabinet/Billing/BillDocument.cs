namespace Kabinet.Billing;

// The bill as issued: stored as JSON on BillEntity.Document, served by GET …/bills/{period} and drawn as the PDF.
// Money in kopecks; quantities and rates as decimals (serialised as JSON numbers).

/// <summary>The whole payment document of one account and period (what ПП 354 п. 69 asks of it; docs/design.md lists the items).</summary>
public sealed record BillDocument(
    string AccountId,
    string AccountNumber,
    string Period,
    BillPayee Payee,
    string HolderName,
    string Address,
    BillPremises Premises,
    long OpeningBalance,
    IReadOnlyList<BillLine> Lines,
    IReadOnlyList<BillReading> Readings,
    IReadOnlyList<BillPayment> Payments,
    /// <summary>Sum of the lines (charges and recalculations), kopecks.</summary>
    long Charged,
    /// <summary>Penalties charged with this bill, kopecks (the calculation is GET …/penalties).</summary>
    long Penalties,
    /// <summary>Payments received in the period (positive kopecks).</summary>
    long Paid,
    /// <summary>Opening + charged + penalties − paid.</summary>
    long ClosingBalance,
    /// <summary>max(0, closing balance): what to pay by the due date.</summary>
    long AmountDue,
    /// <summary>yyyy-MM-dd: the provider's due day of the next month, moved to the next working day.</summary>
    string DueDate,
    DateTimeOffset IssuedAt,
    /// <summary>Billed volume per month and zone, the last 12 periods including this one (the bar chart).</summary>
    IReadOnlyList<ConsumptionMonth> History);

/// <summary>The provider as payee: requisites, contacts and the bank details the payment QR code needs.</summary>
public sealed record BillPayee(
    string ProviderId, string Name, string? Inn, string? Kpp, string? Ogrn, string? LegalAddress, string? Phone, string? Email, string? Website,
    string? BankName, string? Bic, string? CorrespondentAccount, string? SettlementAccount);

public sealed record BillPremises(int Rooms, int Residents, string Area, string Stove);

/// <summary>
/// One line of the bill: a service (and zone) with quantity × rate = amount (HALF_UP from the unrounded quantity).
/// Estimated: null for metered actual consumption, "average" or "norm" for an estimate (ПП 354 пп. 59–60).
/// Recalculation: the line settles earlier estimates against an actual reading (its quantity may be negative).
/// </summary>
public sealed record BillLine(
    string Service, string ServiceName, string? Zone, string? Band, decimal Quantity, string Unit, decimal Rate, long Amount,
    string? Estimated = null, bool Recalculation = false, string? MeterSerial = null);

/// <summary>A meter's readings used: previous (billed) and current per zone; Estimated when no actual reading came.</summary>
public sealed record BillReading(
    string Serial, string Service, string Zone, decimal? Previous, string? PreviousDate, decimal? Current, string? CurrentDate, decimal Consumption, string? Estimated);

public sealed record BillPayment(string Date, long Amount, string? Channel, string? DocumentNumber);

public sealed record ConsumptionMonth(string Period, string Service, string Zone, decimal Volume, bool Estimated);
