namespace Kabinet.Billing.Penalties;

public static class PenaltyDecreeKinds
{
    /// <summary>No penalty accrues for the days the decree covers.</summary>
    public const string Suspend = "suspend";
    /// <summary>The rate for the days it covers is the lesser of <see cref="PenaltyDecree.Cap"/> and the rate the article gives.</summary>
    public const string Cap = "cap";
}

/// <summary>A government decree that changes ЖК РФ art. 155 part 14 for the days [From, Until): Until is the first day it no longer covers.</summary>
public sealed record PenaltyDecree(string Name, string Kind, DateOnly From, DateOnly Until, decimal? Cap, string Note)
{
    public bool Covers(DateOnly day) => day >= From && day < Until;
}

/// <summary>The decrees in force on penalties for housing and utilities since 2016, as effective-dated rules.</summary>
public static class PenaltyDecrees
{
    public static readonly IReadOnlyList<PenaltyDecree> All =
    [
        // ПП РФ от 02.04.2020 № 424, п. 5: penalties for late payment of housing and utilities not charged or collected
        // until 01.01.2021; in force from its publication on 06.04.2020 (ВС РФ, Обзор № 2 of 30.04.2020, q. 7).
        new("ПП 424", PenaltyDecreeKinds.Suspend, new(2020, 4, 6), new(2021, 1, 1), null, "мораторий на пени за ЖКУ с 06.04.2020 до 01.01.2021"),
        // ПП РФ от 28.03.2022 № 497: the bankruptcy moratorium, 6 months from 01.04.2022 (to 01.10.2022 inclusive); under
        // ФЗ «О несостоятельности» art. 9.1 and ВС РФ practice no penalties accrue for those days, utilities' included.
        new("ПП 497", PenaltyDecreeKinds.Suspend, new(2022, 4, 1), new(2022, 10, 2), null, "мораторий с 01.04.2022 по 01.10.2022"),
        // ПП РФ от 26.03.2022 № 474, п. 2 (applies from 28.02.2022, extended year by year to 01.01.2025): the rate is the
        // lesser of the key rate on 27.02.2022 (9.5 %) and the key rate on the day of payment.
        new("ПП 474", PenaltyDecreeKinds.Cap, new(2022, 2, 28), new(2025, 1, 1), 9.5m, "ставка — меньшая из 9,5 % (27.02.2022) и ставки на день оплаты"),
        // ПП РФ от 18.03.2025 № 329 extends п. 2 of ПП 474 to 01.01.2027, applying from 01.01.2025.
        new("ПП 474 (ред. ПП 329)", PenaltyDecreeKinds.Cap, new(2025, 1, 1), new(2027, 1, 1), 9.5m, "ставка — меньшая из 9,5 % (27.02.2022) и ставки на день оплаты, до 01.01.2027"),
    ];
}
