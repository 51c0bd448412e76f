using System.Text;
using Kabinet.Auth;
using Kabinet.Payments;
using Kabinet.Providers;

namespace Kabinet.Tests.Payments;

[TestClass]
public sealed class PaymentRulesTests
{
    private static PaymentRequest Request(params PaymentItemRequest[] items) => new([.. items], new PaymentMethodRequest("card"), null);

    private static string[] Codes(PaymentRequest r) => PaymentRules.Validate(r).Select(e => e.Code).ToArray();

    [TestMethod]
    public void A_good_request_has_no_errors() =>
        Assert.AreEqual(0, Codes(Request(new PaymentItemRequest("a", 100, [new("electricity", 60), new("solid_waste", 40)]))).Length);

    [TestMethod]
    public void Broken_requests_name_their_rule()
    {
        CollectionAssert.Contains(Codes(Request(new PaymentItemRequest("a", 0, null))), "payment.amount_invalid");
        CollectionAssert.Contains(Codes(Request(new PaymentItemRequest("a", -5, null))), "payment.amount_invalid");
        CollectionAssert.Contains(Codes(Request(new PaymentItemRequest("a", PaymentRules.MaxItemKopecks + 1, null))), "payment.amount_too_large");
        CollectionAssert.Contains(Codes(Request(new PaymentItemRequest("a", 100, [new("electricity", 60)]))), "payment.services_sum_mismatch");
        CollectionAssert.Contains(Codes(Request(new PaymentItemRequest("a", 100, null), new PaymentItemRequest("a", 5, null))), "payment.account_duplicate");
        CollectionAssert.Contains(Codes(Request()), "payment.items_count_invalid");
        CollectionAssert.Contains(Codes(Request(Enumerable.Range(0, 11).Select(i => new PaymentItemRequest("a" + i, 1, null)).ToArray())), "payment.items_count_invalid");
        CollectionAssert.Contains(Codes(new PaymentRequest([new PaymentItemRequest("a", 1, null)], new PaymentMethodRequest("cash"), null)), "payment.method_invalid");
    }

    private static string[] MethodCodes(PaymentMethodRequest method) => Codes(new PaymentRequest([new PaymentItemRequest("a", 1, null)], method, null));

    [TestMethod]
    public void A_saved_card_is_named_by_its_id_and_only_a_card_is_saved()
    {
        var cardId = Guid.NewGuid().ToString("N");
        Assert.AreEqual(0, MethodCodes(new PaymentMethodRequest("savedCard", CardId: cardId)).Length);
        Assert.AreEqual(0, MethodCodes(new PaymentMethodRequest("card", SaveCard: true)).Length);
        Assert.AreEqual(0, MethodCodes(new PaymentMethodRequest("sbp", SaveCard: false)).Length);
        CollectionAssert.AreEqual(new[] { "payment.card_required" }, MethodCodes(new PaymentMethodRequest("savedCard")));
        CollectionAssert.AreEqual(new[] { "payment.card_required" }, MethodCodes(new PaymentMethodRequest("savedCard", CardId: " ")));
        CollectionAssert.AreEqual(new[] { "payment.save_card_invalid" }, MethodCodes(new PaymentMethodRequest("sbp", SaveCard: true)));
        CollectionAssert.AreEqual(new[] { "payment.save_card_invalid" }, MethodCodes(new PaymentMethodRequest("savedCard", SaveCard: true, CardId: cardId)));
        CollectionAssert.AreEqual(new[] { "payment.card_id_invalid" }, MethodCodes(new PaymentMethodRequest("card", CardId: cardId)));
        CollectionAssert.AreEqual(new[] { "payment.method_invalid" }, MethodCodes(new PaymentMethodRequest(null, SaveCard: true, CardId: cardId)));
        Assert.IsTrue(PaymentRules.IsCardId(cardId));
        Assert.IsFalse(PaymentRules.IsCardId("x|y"));
    }

    [TestMethod]
    public void SaveCard_at_the_top_of_the_body_is_the_same_as_in_the_method()
    {
        var item = new List<PaymentItemRequest> { new("a", 1, null) };
        Assert.IsTrue(new PaymentRequest(item, new PaymentMethodRequest("card"), null, SaveCard: true).SavesCard);
        Assert.IsFalse(new PaymentRequest(item, new PaymentMethodRequest("card"), null).SavesCard);
        CollectionAssert.AreEqual(new[] { "payment.save_card_invalid" }, Codes(new PaymentRequest(item, new PaymentMethodRequest("sbp"), null, SaveCard: true)));
    }

    [TestMethod]
    public void A_receipt_needs_a_confirmed_email_or_phone()
    {
        Assert.IsTrue(PaymentRules.HasReceiptContact(new UserEntity { Phone = "+79990000000", PhoneConfirmed = true }));
        Assert.IsTrue(PaymentRules.HasReceiptContact(new UserEntity { Email = "a@example.com", EmailConfirmed = true }));
        Assert.IsFalse(PaymentRules.HasReceiptContact(new UserEntity { Phone = "+79990000000", Email = "a@example.com" }));
        Assert.IsFalse(PaymentRules.HasReceiptContact(new UserEntity { PhoneConfirmed = true, EmailConfirmed = true }), "confirmed, but erased");
    }

    [TestMethod]
    public void Commission_is_none_unless_the_provider_sets_one_and_rounds_half_up()
    {
        Assert.AreEqual(0, PaymentRules.Commission(10_000, new ProviderEntity()));
        Assert.AreEqual(150, PaymentRules.Commission(10_000, new ProviderEntity { CommissionPercent = "1.5" }));
        Assert.AreEqual(1, PaymentRules.Commission(50, new ProviderEntity { CommissionPercent = "1" })); // 0.5 → 1
        Assert.AreEqual(3000, PaymentRules.Commission(10_000, new ProviderEntity { CommissionPercent = "1.5", CommissionMinimumKopecks = 3000 }));
        Assert.IsFalse(PaymentRules.WithinLimit(101, new ProviderEntity { MaxPaymentKopecks = 100 }));
    }

    [TestMethod]
    public void Vat_code_changes_on_2026_01_01()
    {
        Assert.AreEqual(4, PaymentPaperwork.VatCodeOn(new DateOnly(2025, 12, 31)));
        Assert.AreEqual(11, PaymentPaperwork.VatCodeOn(new DateOnly(2026, 1, 1)));
    }

    [TestMethod]
    public void Receipt_has_a_line_per_service_and_the_commission()
    {
        var receipt = PaymentPaperwork.Receipt([new PaymentItem("a", "p", "123", 100, 5, [new("electricity", 60), new("solid_waste", 40)])], new DateOnly(2026, 12, 1));
        Assert.AreEqual(3, receipt.Items.Count);
        Assert.AreEqual("agent_commission", receipt.Items[2].PaymentSubject);
        Assert.AreEqual(105, receipt.Items.Sum(i => i.Amount));
    }

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"paymentId":"x"}""");
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Signature_checks_secret_rotation_several_v1_and_age()
    {
        var t = Now.ToUnixTimeSeconds();
        var good = WebhookSignature.Sign("new", t, Body);
        Assert.IsNull(WebhookSignature.Check(good, Body, ["old", "new"], Now));
        var other = WebhookSignature.Sign("old", t, Body).Split(',')[1];
        Assert.IsNull(WebhookSignature.Check($"t={t},v1=deadbeef,{other}", Body, ["old"], Now));
        Assert.AreEqual(WebhookSignature.InvalidCode, WebhookSignature.Check(good, Body, ["old"], Now));
        Assert.AreEqual(WebhookSignature.InvalidCode, WebhookSignature.Check(good, Encoding.UTF8.GetBytes("""{"paymentId":"y"}"""), ["new"], Now));
        Assert.AreEqual(WebhookSignature.InvalidCode, WebhookSignature.Check(null, Body, ["new"], Now));
        Assert.AreEqual(WebhookSignature.InvalidCode, WebhookSignature.Check("garbage", Body, ["new"], Now));
        Assert.AreEqual(WebhookSignature.ExpiredCode, WebhookSignature.Check(WebhookSignature.Sign("new", t - 301, Body), Body, ["new"], Now));
        Assert.IsNull(WebhookSignature.Check(WebhookSignature.Sign("new", t - 299, Body), Body, ["new"], Now));
        Assert.AreEqual(WebhookSignature.ExpiredCode, WebhookSignature.Check(WebhookSignature.Sign("new", t + 301, Body), Body, ["new"], Now), "from the future");
    }

    [TestMethod]
    public void Only_ids_the_app_makes_are_payment_ids()
    {
        Assert.IsTrue(PaymentRules.IsPaymentId(Guid.NewGuid().ToString("N")));
        foreach (var id in new[] { null, "", "user|abc", "#", new string('a', 31), new string('a', 33), Guid.NewGuid().ToString("N").ToUpperInvariant(), Guid.NewGuid().ToString() })
            Assert.IsFalse(PaymentRules.IsPaymentId(id), id);
    }
}
