using Kabinet.Platform.Errors;

namespace Kabinet.Billing.Charges;

/// <summary>Why the charge rules park an account (the close run records the code and its data).</summary>
public static class ChargeErrors
{
    public const string ReadingsBackwards = "billing.readings_backwards";
    public const string ReadingInvalid = "billing.reading_invalid";
    public const string TariffMissing = "billing.tariff_missing";
    public const string TariffInvalid = "billing.tariff_invalid";
    public const string NormMissing = "billing.norm_missing";

    public static readonly ErrorCatalog Catalog = new()
    {
        [ReadingsBackwards] = ("Показания счётчика уменьшились, и это не похоже на переход через ноль.", "A meter's readings go backwards without a plausible rollover."),
        [ReadingInvalid] = ("Показание счётчика записано с ошибкой: нет даты или значения по зоне.", "A meter reading is malformed: no valid date or no value for a zone."),
        [TariffMissing] = ("Для услуги нет тарифа на один из дней периода.", "A service has no tariff for a day of the period."),
        [TariffInvalid] = ("Тариф услуги задан с ошибкой (нет ставки для зоны или неверные диапазоны).", "A service's tariff is malformed (a zone without a rate or bad bands)."),
        [NormMissing] = ("Нет норматива потребления для помещения (комнаты, жильцы, плита).", "No consumption norm for the premises (rooms, residents, stove)."),
    };
}
