using System.Text.Json;
using Kabinet.Payments;
using Kabinet.Payments.Receipts;
using Kabinet.Providers;
using UglyToad.PdfPig;

namespace Kabinet.Tests.Payments.Receipts;

/// <summary>The receipt's model built from the payment row alone (no storage), and its page read back with PdfPig.</summary>
[TestClass]
public sealed class ReceiptModelTests
{
    public static readonly ProviderEntity Energy = new()
    {
        RowKey = "energo", Name = "АО «Омская энергосбытовая компания»", Inn = "5503249600", Kpp = "550301001", BankName = "ПАО Сбербанк",
        Bic = "045209673", SettlementAccount = "40702810445000012345", CorrespondentAccount = "30101810900000000673", TimeZone = "Asia/Omsk",
    };

    public static readonly ProviderEntity Water = new() { RowKey = "water", Name = "ООО «Водоканал»", Inn = "5501000001", TimeZone = "Europe/Moscow" };

    /// <summary>Two accounts: the first split by service (1 234,56 + 100,00), the second not (500,00); commissions 10,00 and 5,00.</summary>
    public static PaymentEntity Payment(string id = "pay-1", string? userId = "user-1", string? guestEmail = null) => new()
    {
        PartitionKey = id, UserId = userId, GuestEmail = guestEmail, Status = PaymentStatuses.Succeeded, Gateway = "sandbox", Method = "card",
        GatewayPaymentId = "sbx-7788", Amount = 1834_56, Commission = 15_00, Total = 1849_56,
        Items = JsonSerializer.Serialize(new[]
        {
            new PaymentItem("energo:5512345678", "energo", "5512345678", 1334_56, 10_00,
                [new PaymentServiceAmount("electricity", 1234_56), new PaymentServiceAmount("solid_waste", 100_00)]),
            new PaymentItem("water:7700", "water", "7700", 500_00, 5_00),
        }, JsonSerializerOptions.Web),
        Receipt = JsonSerializer.Serialize(new ReceiptData("ivanov@example.com", null,
        [
            new ReceiptItem("Электроснабжение", 1234_56, 1, "service", "full_payment", "energo", "5512345678", "electricity"),
            new ReceiptItem("Обращение с ТКО", 100_00, 1, "service", "full_payment", "energo", "5512345678", "solid_waste"),
            new ReceiptItem("Водоснабжение", 500_00, 1, "service", "full_payment", "water", "7700", null),
        ]), JsonSerializerOptions.Web),
        CreatedAt = DateTimeOffset.Parse("2026-11-30T17:55:00Z"), UpdatedAt = DateTimeOffset.Parse("2026-11-30T18:00:00Z"),
        CompletedAt = DateTimeOffset.Parse("2026-11-30T18:00:00Z"),
    };

    public static ReceiptModel Model(PaymentEntity? payment = null) => ReceiptModel.Build(payment ?? Payment(),
        p => p == "energo" ? Energy : p == "water" ? Water : null, a => a == "energo:5512345678" ? "г. Омск, ул. Ленина, д. 1, кв. 1" : null, "Иванов Иван");

    [TestMethod]
    public void Lines_come_from_the_services_named_as_the_54FZ_receipt_names_them()
    {
        var model = Model();
        Assert.AreEqual(2, model.Accounts.Count);
        var energy = model.Accounts[0];
        CollectionAssert.AreEqual(new[] { new ReceiptLine("Электроснабжение", 1234_56), new ReceiptLine("Обращение с ТКО", 100_00) }, energy.Lines.ToArray());
        Assert.AreEqual("5503249600", energy.Payee.Inn);
        Assert.AreEqual("г. Омск, ул. Ленина, д. 1, кв. 1", energy.Address);
        Assert.AreEqual(new ReceiptLine("Оплата по лицевому счёту", 500_00), model.Accounts[1].Lines.Single());
    }

    [TestMethod]
    public void Totals_are_the_sums_of_the_items_with_the_commission_on_its_own_line()
    {
        var model = Model();
        Assert.AreEqual(1834_56, model.Amount);
        Assert.AreEqual(15_00, model.Commission);
        Assert.AreEqual(1849_56, model.Total);
        Assert.AreEqual(model.Amount, model.Accounts.Sum(a => a.Lines.Sum(l => l.Amount)));
    }

    [TestMethod]
    public void The_time_is_the_first_providers_and_unknown_providers_still_give_a_receipt()
    {
        var model = Model();
        Assert.AreEqual(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(6)), model.PaidAt);
        Assert.AreEqual("Asia/Omsk", model.TimeZone);
        var bare = ReceiptModel.Build(Payment(), _ => null, _ => null, "—");
        Assert.AreEqual("energo", bare.Accounts[0].Payee.Name);
        Assert.AreEqual(TimeSpan.FromHours(3), bare.PaidAt.Offset);
    }

    [TestMethod]
    [DataRow("Иванов Иван", "iv@example.com", null, "Иванов Иван")]
    [DataRow(null, "ivanov@example.com", "+79001234567", "iv***@example.com")]
    [DataRow("  ", null, "+79001234567", "+7 *** ***-45-67")]
    [DataRow(null, null, null, "—")]
    public void The_payer_is_named_or_masked(string? name, string? email, string? phone, string expected) =>
        Assert.AreEqual(expected, ReceiptModel.PayerName(name, email, phone));

    [TestMethod]
    public void The_page_reads_back_in_Cyrillic_with_every_amount()
    {
        var pdf = ReceiptPdf.Render(Model());
        using var document = PdfDocument.Open(pdf);
        Assert.AreEqual(1, document.NumberOfPages);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        foreach (var expected in new[]
        {
            "Квитанция об оплате", "Плательщик: Иванов Иван", "АО «Омская энергосбытовая компания»", "ИНН 5503249600", "КПП 550301001",
            "Р/с 40702810445000012345 в ПАО Сбербанк", "БИК 045209673", "К/с 30101810900000000673", "Лицевой счёт № 5512345678",
            "Электроснабжение 1 234,56 ₽", "Обращение с ТКО 100,00 ₽", "Лицевой счёт № 7700", "500,00 ₽", "Комиссия 15,00 ₽",
            "Итого списано 1 849,56 ₽", "sbx-7788", "01.12.2026 00:00 (Asia/Omsk)", "pay-1",
        })
            StringAssert.Contains(text, expected);
    }

    [TestMethod]
    public void Many_accounts_stay_on_one_page()
    {
        var payment = Payment();
        payment.Items = JsonSerializer.Serialize(Enumerable.Range(0, 40).Select(i => new PaymentItem($"energo:{i}", "energo", $"{i}", 100, 1)).ToArray(), JsonSerializerOptions.Web);
        var pdf = ReceiptPdf.Render(Model(payment));
        using var document = PdfDocument.Open(pdf);
        Assert.AreEqual(1, document.NumberOfPages);
        StringAssert.Contains(string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)), "и ещё лицевых счетов:");
    }
}
