using CsCheck;
using Kabinet.Profile;

namespace Kabinet.Tests.Profile;

/// <summary>The pure checks of the profile's personal data and of bills by e-mail, without HTTP.</summary>
[TestClass]
public sealed class ProfileRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    [TestMethod]
    public void Names_in_usual_spellings_pass()
    {
        foreach (var name in new[] { "Иванов", "Мамин-Сибиряк", "О'Нил", "О’Нил", "Анна Мария", "Ёлкина", "Smith", "Н.", " Иван ", new string('я', ProfileRules.MaxNameLength) })
            Assert.IsNull(ProfileRules.CheckName(name, required: true), name);
    }

    [TestMethod]
    public void Names_with_digits_symbols_doubled_separators_or_over_fifty_letters_are_invalid()
    {
        foreach (var name in new[] { "Иван2", "Ив😀ан", "<script>", "Иван--Петров", "-Иван", "Иван-", "Ив\u200Bан", "Ив\nан", "Н..", "'" })
            Assert.AreEqual("profile.name_invalid", ProfileRules.CheckName(name, required: true), name);
        Assert.AreEqual("profile.name_too_long", ProfileRules.CheckName(new string('я', ProfileRules.MaxNameLength + 1), required: true));
    }

    [TestMethod]
    public void A_missing_name_is_an_error_only_when_required()
    {
        foreach (var blank in new[] { null, "", "   " })
        {
            Assert.AreEqual("profile.name_required", ProfileRules.CheckName(blank, required: true));
            Assert.IsNull(ProfileRules.CheckName(blank, required: false));
        }
    }

    [TestMethod]
    public void Any_text_gets_a_known_answer_and_letters_alone_pass_up_to_the_maximum_length()
    {
        string?[] known = [null, "profile.name_required", "profile.name_too_long", "profile.name_invalid"];
        Gen.String.Sample(name => known.Contains(ProfileRules.CheckName(name, required: true)));
        Gen.Char['а', 'я'].Array[1, ProfileRules.MaxNameLength].Sample(letters => ProfileRules.CheckName(new string(letters), required: true) is null);
    }

    [TestMethod]
    public void A_birth_date_is_yyyy_MM_dd_from_1900_to_fourteen_years_ago()
    {
        Assert.IsNull(ProfileRules.CheckBirthDate(null, Today));
        Assert.IsNull(ProfileRules.CheckBirthDate("1900-01-01", Today));
        Assert.IsNull(ProfileRules.CheckBirthDate("2012-12-02", Today), "fourteen today");
        Assert.AreEqual("profile.birth_date_out_of_range", ProfileRules.CheckBirthDate("2012-12-03", Today), "fourteen tomorrow");
        Assert.AreEqual("profile.birth_date_out_of_range", ProfileRules.CheckBirthDate("1899-12-31", Today));
        foreach (var text in new[] { "02.12.1990", "1990-2-3", "1990-02-30", "yesterday" })
            Assert.AreEqual("profile.birth_date_invalid", ProfileRules.CheckBirthDate(text, Today), text);
    }

    [TestMethod]
    public void Gender_is_male_female_or_none()
    {
        Assert.IsNull(ProfileRules.CheckGender(null));
        Assert.IsNull(ProfileRules.CheckGender("female"));
        Assert.AreEqual("profile.gender_invalid", ProfileRules.CheckGender("Male"));
        Assert.AreEqual("profile.gender_invalid", ProfileRules.CheckGender("other"));
    }

    [TestMethod]
    public void Bills_by_email_need_a_confirmed_email_and_switching_them_off_needs_nothing()
    {
        Assert.IsNull(ProfileRules.CheckBillsByEmail(true, "a@example.com", emailConfirmed: true));
        Assert.AreEqual(ProfileRules.EmailNotConfirmed, ProfileRules.CheckBillsByEmail(true, "a@example.com", emailConfirmed: false));
        Assert.AreEqual(ProfileRules.EmailNotConfirmed, ProfileRules.CheckBillsByEmail(true, null, emailConfirmed: true), "confirmed flag without an address");
        Gen.Select(Gen.OneOfConst<string?>(null, "", "a@example.com"), Gen.Bool).Sample((email, confirmed) =>
            ProfileRules.CheckBillsByEmail(false, email, confirmed) is null && ProfileRules.CheckBillsByEmail(null, email, confirmed) is null);
    }
}
