using Kabinet.Billing;

namespace Kabinet.Tests.Billing;

/// <summary>A bill written out by hand: two services (electricity by day and night zone, solid waste by norm), a recalculation, a payment, 12 months of history.</summary>
public static class BillPdfSamples
{
    public static readonly BillPayee Payee = new(
        "energo-omsk", "АО «Омская энергосбытовая компания»", "5503249600", "550301001", "1115543001012", "644099, г. Омск, ул. Пушкина, д. 1",
        "+7 3812 00-00-00", "info@energo-omsk.example", "energo-omsk.example",
        "ПАО Сбербанк", "045209673", "30101810900000000673", "40702810445000012345");

    public static BillDocument Bill(string accountId = "acc0001", string period = "2026-11", BillPayee? payee = null, string holder = "Иванова Мария Петровна") => new(
        AccountId: accountId,
        AccountNumber: "5512345678",
        Period: period,
        Payee: payee ?? Payee,
        HolderName: holder,
        Address: "644001, г. Омск, ул. Ленина, д. 10, кв. 25",
        Premises: new BillPremises(2, 3, "54.3", "electric"),
        OpeningBalance: 123_45,
        Lines:
        [
            new("electricity", "Электроснабжение", "T1", "в пределах нормы", 180.5m, "кВт·ч", 5.32m, 960_26, MeterSerial: "E-0012345"),
            new("electricity", "Электроснабжение", "T2", null, 95.25m, "кВт·ч", 2.71m, 258_13, MeterSerial: "E-0012345"),
            new("electricity", "Электроснабжение", "T1", null, -12m, "кВт·ч", 5.32m, -63_84, Recalculation: true, MeterSerial: "E-0012345"),
            new("solid_waste", "Обращение с ТКО", null, null, 3m, "чел.", 112.4m, 337_20, Estimated: "norm"),
        ],
        Readings:
        [
            new("E-0012345", "electricity", "T1", 15738m, "2026-10-24", 15918.5m, "2026-11-24", 180.5m, null),
            new("E-0012345", "electricity", "T2", 7020m, "2026-10-24", 7115.25m, "2026-11-24", 95.25m, null),
        ],
        Payments: [new("2026-11-05", 1_500_00, "bank", "PP-7781")],
        Charged: 1_491_75,
        Penalties: 12_34,
        Paid: 1_500_00,
        ClosingBalance: 127_54,
        AmountDue: 127_54,
        DueDate: "2026-12-10",
        IssuedAt: new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero),
        History: [.. Enumerable.Range(0, 12).SelectMany(i =>
        {
            var p = new DateOnly(2025, 12, 1).AddMonths(i).ToString("yyyy-MM");
            return new ConsumptionMonth[]
            {
                new(p, "electricity", "T1", 150m + 10 * i, i == 4),
                new(p, "electricity", "T2", 80m + 3 * i, i == 4),
                new(p, "solid_waste", "", 3m, true),
            };
        })]);

    /// <summary>What <see cref="Kabinet.Billing.Pdf.PaymentQr"/> must make of <see cref="Bill"/>, written out by hand.</summary>
    public const string ExpectedQr =
        "ST00012|Name=АО «Омская энергосбытовая компания»|PersonalAcc=40702810445000012345|BankName=ПАО Сбербанк|BIC=045209673" +
        "|CorrespAcc=30101810900000000673|PayeeINN=5503249600|KPP=550301001|Sum=12754" +
        "|Purpose=Оплата по л/с 5512345678 за 11.2026: Электроснабжение, Обращение с ТКО|PersAcc=5512345678|PaymPeriod=112026" +
        "|LastName=Иванова|FirstName=Мария|MiddleName=Петровна|PayerAddress=644001, г. Омск, ул. Ленина, д. 10, кв. 25";
}
