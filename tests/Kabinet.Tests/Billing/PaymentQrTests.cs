using Kabinet.Billing.Pdf;

namespace Kabinet.Tests.Billing;

[TestClass]
public sealed class PaymentQrTests
{
    [TestMethod]
    public void The_bill_gives_the_GOST_R_56042_string_written_by_hand() =>
        Assert.AreEqual(BillPdfSamples.ExpectedQr, PaymentQr.For(BillPdfSamples.Bill()));

    [TestMethod]
    public void A_value_never_holds_the_separator_nor_a_line_break()
    {
        var payee = BillPdfSamples.Payee with { Name = "ООО «Вода|Сток»\nфилиал", BankName = "Банк | Омск" };
        var text = PaymentQr.For(BillPdfSamples.Bill(payee: payee))!;

        StringAssert.StartsWith(text, "ST00012|Name=ООО «Вода/Сток» филиал|PersonalAcc=40702810445000012345|BankName=Банк / Омск|BIC=");
        Assert.AreEqual(BillPdfSamples.ExpectedQr.Split('|').Length, text.Split('|').Length, "as many fields as the clean bill");
    }

    [TestMethod]
    public void Without_the_required_bank_requisites_there_is_no_code()
    {
        Assert.IsNull(PaymentQr.For(BillPdfSamples.Bill(payee: BillPdfSamples.Payee with { Bic = null })));
        Assert.IsNull(PaymentQr.For(BillPdfSamples.Bill(payee: BillPdfSamples.Payee with { SettlementAccount = " " })));
    }

    [TestMethod]
    public void Nothing_due_leaves_the_sum_out_and_a_long_bank_name_is_cut_to_45()
    {
        var bill = BillPdfSamples.Bill(payee: BillPdfSamples.Payee with { BankName = new string('Б', 60) }) with { AmountDue = 0 };
        var fields = PaymentQr.For(bill)!.Split('|');

        Assert.IsFalse(fields.Any(f => f.StartsWith("Sum=")));
        Assert.AreEqual("BankName=" + new string('Б', 45), fields.Single(f => f.StartsWith("BankName=")));
    }

    [TestMethod]
    [DataRow("2026-11", "112026")]
    [DataRow("2027-01", "012027")]
    public void The_period_is_MMYYYY(string period, string expected) => Assert.AreEqual(expected, PaymentQr.PaymPeriod(period));

    [TestMethod]
    public void A_holder_of_one_or_four_words_is_not_split_into_names()
    {
        Assert.AreEqual((null, null, null), PaymentQr.NameParts("ТСЖ"));
        Assert.AreEqual((null, null, null), PaymentQr.NameParts("Оглы Мамедов Руслан Гусейн"));
        Assert.AreEqual(("Петров", "Пётр", null), PaymentQr.NameParts(" Петров  Пётр "));
    }
}
