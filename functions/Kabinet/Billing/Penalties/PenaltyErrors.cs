using Kabinet.Platform.Errors;

namespace Kabinet.Billing.Penalties;

public static class PenaltyErrors
{
    public const string AsOfInvalid = "penalty.as_of_invalid";

    public static readonly ErrorCatalog Catalog = new()
    {
        [AsOfInvalid] = ("Дата расчёта (asOf) должна быть в формате ГГГГ-ММ-ДД.", "The calculation date (asOf) must be YYYY-MM-DD."),
    };
}
