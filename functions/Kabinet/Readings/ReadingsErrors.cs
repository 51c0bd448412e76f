using Kabinet.Platform.Errors;

namespace Kabinet.Readings;

public static class ReadingsErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        [ReadingsEndpoints.MeterNotFound] = ("У этого лицевого счёта нет такого счётчика.", "The account has no such meter."),
        [ReadingsEndpoints.ReadingNotFound] = ("Показание не найдено.", "The reading was not found."),
        [ReadingRules.NotANumber] = ("Показание должно быть числом.", "The reading must be a number."),
        [ReadingRules.Negative] = ("Показание не может быть отрицательным.", "The reading cannot be negative."),
        [ReadingRules.TooManyDigits] = ("В показании больше цифр, чем у счётчика.", "The reading has more digits than the meter."),
        [ReadingRules.TooManyFractionDigits] = ("В показании больше знаков после запятой, чем у счётчика.", "The reading has more fraction digits than the meter."),
        [ReadingRules.LessThanPrevious] = ("Показание меньше предыдущего принятого.", "The reading is less than the previous accepted one."),
        [ReadingRules.Implausible] = ("Расход по показанию сильно отличается от обычного. Проверьте показание или подтвердите его (confirmImplausible).", "The implied consumption is far from the usual. Check the reading or confirm it (confirmImplausible)."),
        [ReadingRules.ZonesMismatch] = ("Укажите показания ровно по зонам счётчика.", "Give exactly one value per zone of the meter."),
        ["reading.meter_not_submittable"] = ("По этому счётчику сейчас нельзя передать показания.", "Readings cannot be submitted for this meter now."),
        ["reading.concurrent_submission"] = ("Показания по этому счётчику одновременно переданы из другого окна. Обновите страницу.", "Another submission for this meter happened at the same time. Reload."),
        ["reading.already_billed"] = ("Показание уже учтено в счёте и не может быть изменено.", "The reading is billed already and cannot be changed."),
        ["reading.not_withdrawable"] = ("Это показание нельзя отозвать.", "This reading cannot be withdrawn."),
        ["reading.date_invalid"] = ("Дата должна быть в формате ГГГГ-ММ-ДД.", "The date must be YYYY-MM-DD."),
        ["reading.values_required"] = ("Укажите показания (values).", "Give the values."),
    };

    public static IReadOnlyList<FieldError> Fields(HttpContext http, IEnumerable<ReadingError> errors) =>
        errors.Select(e => Problems.Field(http, e.Field, e.Code, e.Data)).ToList();
}
