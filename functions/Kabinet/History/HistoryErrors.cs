using Kabinet.Platform.Errors;

namespace Kabinet.History;

public static class HistoryErrors
{
    public const string TypeInvalid = "history.type_invalid";
    public const string RangeInvalid = "history.range_invalid";

    public static readonly ErrorCatalog Catalog = new()
    {
        [TypeInvalid] = ("Тип истории: payments, readings или bills (через запятую).", "The type is payments, readings or bills (comma-separated)."),
        [RangeInvalid] = ("Даты — в формате ГГГГ-ММ-ДД, и начало не позже конца.", "Dates are YYYY-MM-DD, and from is not after to."),
    };
}
