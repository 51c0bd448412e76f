using CsCheck;
using Kabinet.Accounts;
using Kabinet.Billing;
using Kabinet.Platform.Storage;

namespace Kabinet.Tests.Accounts;

/// <summary>The pure rules of linking an account, proving it, its groups and the account's bill delivery, without storage.</summary>
[TestClass]
public sealed class AccountRulesTests
{
    private static readonly VerificationRequest Payment = new(ProofMethods.LastPayment, "2026-11-05", 150_000, null);

    private static LinkRequest Valid(VerificationRequest? proof = null) => new("omsk-energo", "100200", proof ?? Payment, null, null);

    private static List<(string, string)> Errors(LinkRequest request) =>
        AccountRules.ValidateLink(request).Errors.Select(e => (e.Field, e.Code)).ToList();

    [TestMethod]
    public void A_valid_link_of_each_method_passes_with_trimmed_values_and_the_group_all()
    {
        foreach (var proof in new[] { Payment, new VerificationRequest(ProofMethods.MeterSerial, null, null, " SN-1 "), new VerificationRequest(ProofMethods.LastBill, null, 99, null) })
        {
            var (input, errors) = AccountRules.ValidateLink(new LinkRequest("  omsk-energo ", " 100 200 ", proof, "Дом", "  "));

            Assert.AreEqual(0, errors.Count, proof.Method + ": " + string.Join(", ", errors));
            Assert.AreEqual(new LinkInput("omsk-energo", "100 200", proof, Groups.All), input);
        }
        Assert.AreEqual("g1", AccountRules.ValidateLink(Valid() with { GroupId = " g1 " }).Input.GroupId);
    }

    [TestMethod]
    public void An_empty_request_lists_the_provider_the_number_and_the_proof_at_once()
    {
        CollectionAssert.AreEqual(new[]
        {
            ("providerId", "account.provider_required"), ("number", "account.number_required"), ("verification", "account.verification_required"),
        }, Errors(new LinkRequest(null, "  ", null, null, null)));
    }

    [TestMethod]
    public void Provider_ids_and_numbers_that_cannot_be_keys_are_invalid()
    {
        foreach (var provider in new[] { "a/b", "a\\b", "a#b", "a?b", "a\u0001b", new string('p', AccountRules.MaxProviderIdLength + 1) })
            CollectionAssert.AreEqual(new[] { ("providerId", "account.provider_invalid") }, Errors(Valid() with { ProviderId = provider }), provider);
        foreach (var number in new[] { "- -", "---", "12\n34", "12\u202834", new string('1', AccountRules.MaxNumberLength + 1) })
            CollectionAssert.AreEqual(new[] { ("number", "account.number_invalid") }, Errors(Valid() with { Number = number }), number);
        Assert.AreEqual(0, Errors(Valid() with { Number = new string('1', AccountRules.MaxNumberLength) }).Count, "the maximum length is fine");
    }

    [TestMethod]
    public void Each_method_checks_its_own_proof_fields()
    {
        CollectionAssert.AreEqual(new[] { ("verification.date", "account.date_invalid"), ("verification.amount", "account.amount_invalid") },
            Errors(Valid(new(ProofMethods.LastPayment, "05.11.2026", 0, null))));
        CollectionAssert.AreEqual(new[] { ("verification.amount", "account.amount_invalid") }, Errors(Valid(new(ProofMethods.LastPayment, "2026-11-05", -1, null))));
        CollectionAssert.AreEqual(new[] { ("verification.amount", "account.amount_invalid") }, Errors(Valid(new(ProofMethods.LastBill, "not looked at", null, null))));
        CollectionAssert.AreEqual(new[] { ("verification.serial", "account.serial_required") }, Errors(Valid(new(ProofMethods.MeterSerial, null, null, "  "))));
        CollectionAssert.AreEqual(new[] { ("verification.serial", "account.serial_invalid") },
            Errors(Valid(new(ProofMethods.MeterSerial, null, null, new string('S', AccountRules.MaxSerialLength + 1)))));
        CollectionAssert.AreEqual(new[] { ("verification.serial", "account.serial_invalid") }, Errors(Valid(new(ProofMethods.MeterSerial, null, null, "SN\t1"))));
        foreach (var method in new string?[] { null, "", "LastPayment", "password" })
            CollectionAssert.AreEqual(new[] { ("verification.method", "account.verification_method_invalid") },
                Errors(Valid(new(method, "2026-11-05", 1, "SN-1"))), method ?? "null");
    }

    [TestMethod]
    public void The_alias_is_checked_and_blank_means_none()
    {
        CollectionAssert.AreEqual(new[] { ("alias", "account.alias_too_long") }, Errors(Valid() with { Alias = new string('a', AccountRules.MaxAliasLength + 1) }));
        CollectionAssert.AreEqual(new[] { ("alias", "account.alias_invalid") }, Errors(Valid() with { Alias = "Дача\u0000" }));
        Assert.AreEqual(0, Errors(Valid() with { Alias = "  " + new string('a', AccountRules.MaxAliasLength) + "  " }).Count, "measured trimmed");
        Assert.IsNull(AccountRules.CleanAlias("   "));
        Assert.AreEqual("Дача", AccountRules.CleanAlias(" Дача "));
    }

    [TestMethod]
    public void Any_request_is_answered_without_throwing_and_a_passing_one_makes_a_well_formed_account_id()
    {
        var text = Gen.OneOf(Gen.String, Gen.String.AlphaNumeric, Gen.Const((string)null!), Gen.OneOfConst(" 100-200 ", "a/b", "", "  "));
        var proof = Gen.Select(Gen.OneOfConst<string?>(ProofMethods.LastPayment, ProofMethods.MeterSerial, ProofMethods.LastBill, "x", null),
            Gen.OneOfConst<string?>("2026-11-05", "2026-13-01", null), Gen.Long[-2, 2], text,
            (m, d, a, s) => new VerificationRequest(m, d, a, s));
        var request = Gen.Select(text, text, proof, text, text, (p, n, v, a, g) => new LinkRequest(p, n, v, a, g));

        request.Sample(r =>
        {
            var (input, errors) = AccountRules.ValidateLink(r);
            Assert.AreEqual(errors.Count, errors.Select(e => e.Field).Distinct().Count(), "one error per field");
            if (errors.Count > 0) return;
            Assert.IsTrue(TableKeys.IsSafe(input.ProviderId));
            Assert.IsTrue(AccountRules.IsWellFormedAccountId(AccountIds.For(input.ProviderId, input.Number)));
            Assert.AreEqual(input, AccountRules.ValidateLink(r with { ProviderId = " " + r.ProviderId + " ", Number = "\t" + r.Number }).Input, "padding changes nothing");
        });
    }

    [TestMethod]
    public void Account_ids_ignore_spaces_dashes_and_case_of_the_number_and_are_always_well_formed()
    {
        Assert.AreEqual(AccountIds.For("p", "ab-12 34"), AccountIds.For("p", "AB1234"));
        Assert.AreNotEqual(AccountIds.For("p", "1234"), AccountIds.For("q", "1234"));
        Gen.Select(Gen.String, Gen.String).Sample((p, n) => AccountRules.IsWellFormedAccountId(AccountIds.For(p, n)));
        foreach (var id in new string?[] { null, "", "a/b", "../x", new string('a', 65) })
            Assert.IsFalse(AccountRules.IsWellFormedAccountId(id), id ?? "null");
    }

    [TestMethod]
    public void The_last_payment_is_the_latest_date_and_any_payment_of_that_day_counts()
    {
        var payments = new[] { Pay("2026-10-01", 500), Pay("2026-11-05", 100), Pay("2026-11-05", 200), Pay("bad", 999) };
        var nov5 = new DateOnly(2026, 11, 5);

        Assert.IsTrue(AccountRules.MatchesLastPayment(payments, nov5, 100));
        Assert.IsTrue(AccountRules.MatchesLastPayment(payments, nov5, 200));
        Assert.IsFalse(AccountRules.MatchesLastPayment(payments, nov5, 500), "an amount of an older payment");
        Assert.IsFalse(AccountRules.MatchesLastPayment(payments, new DateOnly(2026, 10, 1), 500), "an older payment is not the last");
        Assert.IsFalse(AccountRules.MatchesLastPayment([], nov5, 100));
        Assert.IsFalse(AccountRules.MatchesLastPayment([Pay("bad", 999)], nov5, 999));
    }

    [TestMethod]
    public void Only_ledger_payment_entries_prove_a_last_payment()
    {
        var charge = new LedgerEntryEntity { Kind = LedgerKinds.Charge, Date = "2026-11-20", Amount = 700 };
        var refund = new LedgerEntryEntity { Kind = LedgerKinds.Correction, Date = "2026-11-21", Amount = -300 };
        var nov5 = new DateOnly(2026, 11, 5);

        Assert.IsTrue(AccountRules.MatchesLastPayment([Pay("2026-11-05", 100), charge, refund], nov5, 100), "charges and corrections are no payments");
        Assert.IsFalse(AccountRules.MatchesLastPayment([charge], new DateOnly(2026, 11, 20), 700));
        Assert.IsFalse(AccountRules.MatchesLastPayment([Pay("2026-11-05", 100)], nov5, -100), "the customer gives the amount paid, positive");
    }

    [TestMethod]
    public void A_billed_bill_proves_by_its_amount_due_or_its_total_when_nothing_was_due()
    {
        Assert.IsTrue(AccountRules.MatchesLastBill([Bill("2026-11", 5000, amountDue: 3500)], 3500));
        Assert.IsFalse(AccountRules.MatchesLastBill([Bill("2026-11", 5000, amountDue: 3500)], 5000), "the bill prints the amount due");
        Assert.IsTrue(AccountRules.MatchesLastBill([Bill("2026-11", 5000, amountDue: 0)], 5000), "prepaid: the total is what it shows");
    }

    [TestMethod]
    public void A_meter_serial_proves_only_an_active_meter_and_compares_without_spaces_dashes_and_case()
    {
        var meters = new[]
        {
            new MeterEntity { Serial = "SN-100 A", State = MeterStates.Active },
            new MeterEntity { Serial = "OLD-1", State = MeterStates.Decommissioned },
        };

        Assert.IsTrue(AccountRules.MatchesMeter(meters, "sn100a"));
        Assert.IsTrue(AccountRules.MatchesMeter(meters, " SN 100-A "));
        Assert.IsFalse(AccountRules.MatchesMeter(meters, "OLD-1"), "a decommissioned meter proves nothing");
        Assert.IsFalse(AccountRules.MatchesMeter(meters, "SN-100"));
        Assert.IsFalse(AccountRules.MatchesMeter(meters, " - "), "nothing left to compare");
    }

    [TestMethod]
    public void The_last_bill_is_the_latest_period_not_the_latest_row()
    {
        var bills = new[] { Bill("2026-11", 300), Bill("2026-09", 100), Bill("2026-10", 200), Bill("", 999) };

        Assert.IsTrue(AccountRules.MatchesLastBill(bills, 300));
        Assert.IsFalse(AccountRules.MatchesLastBill(bills, 200));
        Assert.IsFalse(AccountRules.MatchesLastBill(bills, 999), "a bill without a period is not the last");
        Assert.IsFalse(AccountRules.MatchesLastBill([], 300));
    }

    [TestMethod]
    public void Accepted_proofs_are_the_known_methods_once_each()
    {
        CollectionAssert.AreEqual(new[] { ProofMethods.MeterSerial, ProofMethods.LastBill }, ProofMethods.Parse(" meterSerial, password,lastBill,meterSerial "));
        Assert.AreEqual(0, ProofMethods.Parse(null).Length);
        Gen.String.Sample(s => ProofMethods.Parse(s).All(ProofMethods.All.Contains) && ProofMethods.Parse(s).Distinct().Count() == ProofMethods.Parse(s).Length);
    }

    [TestMethod]
    public void The_amount_due_is_the_debt_never_a_credit()
    {
        Assert.AreEqual(0, AccountRules.AmountDue(-500));
        Assert.AreEqual(500, AccountRules.AmountDue(500));
        Gen.Long.Sample(b => AccountRules.AmountDue(b) == (b > 0 ? b : 0));
    }

    [TestMethod]
    public void A_balance_is_either_an_amount_due_or_an_overpayment()
    {
        Assert.AreEqual(500, AccountRules.Overpayment(-500));
        Assert.AreEqual(0, AccountRules.Overpayment(500));
        Assert.AreEqual(0, AccountRules.Overpayment(0));
        Gen.Long[-1_000_000_000_000, 1_000_000_000_000].Sample(b =>
            AccountRules.AmountDue(b) >= 0 && AccountRules.Overpayment(b) >= 0 && AccountRules.AmountDue(b) - AccountRules.Overpayment(b) == b
            && (AccountRules.AmountDue(b) == 0 || AccountRules.Overpayment(b) == 0));
    }

    [TestMethod]
    public void Paper_bills_keep_coming_until_every_linked_user_chose_email()
    {
        Assert.AreEqual(BillDeliveries.Paper, BillDeliveries.ForAccount([]), "nobody linked it");
        Assert.AreEqual(BillDeliveries.Email, BillDeliveries.ForAccount([BillDeliveries.Email]));
        Assert.AreEqual(BillDeliveries.Paper, BillDeliveries.ForAccount([BillDeliveries.Email, BillDeliveries.Paper, BillDeliveries.Email]));
        Gen.OneOfConst(BillDeliveries.Paper, BillDeliveries.Email).List[0, 8].Sample(choices =>
            BillDeliveries.ForAccount(choices) == (choices.Count > 0 && !choices.Contains(BillDeliveries.Paper) ? BillDeliveries.Email : BillDeliveries.Paper));
    }

    [TestMethod]
    public void Group_names_are_checked_and_their_key_ignores_case_and_surrounding_spaces()
    {
        Assert.AreEqual("group.name_required", Groups.CheckName("  "));
        Assert.AreEqual("group.name_too_long", Groups.CheckName(new string('д', Groups.MaxNameLength + 1)));
        Assert.AreEqual("group.name_invalid", Groups.CheckName("Дом\r\nДача"));
        Assert.IsNull(Groups.CheckName(" Дача "));
        Assert.IsTrue(Groups.IsReservedName(" все ") && Groups.IsReservedName("ALL"));
        Assert.AreEqual(Groups.NameKey("Дача"), Groups.NameKey("  дАЧА "));
        Assert.AreNotEqual(Groups.NameKey("Дача"), Groups.NameKey("Дача 2"));
        Gen.String.AlphaNumeric.Sample(name => Groups.NameKey(name) == Groups.NameKey(" " + name.ToLowerInvariant() + " ") && TableKeys.IsSafe(Groups.NameKey(name)));
    }

    private static LedgerEntryEntity Pay(string date, long amount) => new() { Kind = LedgerKinds.Payment, Date = date, Amount = -amount };

    private static BillEntity Bill(string period, long total, long? amountDue = null) => new() { Period = period, Total = total, AmountDue = amountDue ?? total };
}
