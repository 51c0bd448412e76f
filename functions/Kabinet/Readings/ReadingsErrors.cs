using Kabinet.Platform.Errors;

namespace Kabinet.Readings;

public static class ReadingsErrors
{
    public static void Register()
    {
        ErrorMessages.Add(ReadingRules.NotANumber, "Показание должно быть числом.", "The reading must be a number.");
        ErrorMessages.Add(ReadingRules.Negative, "Показание не может быть отрицательным.", "The reading cannot be negative.");
        ErrorMessages.Add(ReadingRules.TooManyDigits, "В показании больше цифр, чем у счётчика.", "The reading has more digits than the meter.");
        ErrorMessages.Add(ReadingRules.TooManyFractionDigits, "В показании больше знаков после запятой, чем у счётчика.", "The reading has more fraction digits than the meter.");
        ErrorMessages.Add(ReadingRules.LessThanPrevious, "Показание меньше предыдущего принятого.", "The reading is less than the previous accepted one.");
        ErrorMessages.Add(ReadingRules.Implausible, "Расход по показанию сильно отличается от обычного. Проверьте показание или подтвердите его (confirmImplausible).", "The implied consumption is far from the usual. Check the reading or confirm it (confirmImplausible).");
        ErrorMessages.Add(ReadingRules.ZonesMismatch, "Укажите показания ровно по зонам счётчика.", "Give exactly one value per zone of the meter.");
        ErrorMessages.Add("reading.meter_not_submittable", "По этому счётчику сейчас нельзя передать показания.", "Readings cannot be submitted for this meter now.");
        ErrorMessages.Add("reading.concurrent_submission", "Показания по этому счётчику одновременно переданы из другого окна. Обновите страницу.", "Another submission for this meter happened at the same time. Reload.");
        ErrorMessages.Add("reading.already_billed", "Показание уже учтено в счёте и не может быть изменено.", "The reading is billed already and cannot be changed.");
        ErrorMessages.Add("reading.not_withdrawable", "Это показание нельзя отозвать.", "This reading cannot be withdrawn.");
        ErrorMessages.Add("reading.date_invalid", "Дата должна быть в формате ГГГГ-ММ-ДД.", "The date must be YYYY-MM-DD.");
        ErrorMessages.Add("reading.values_required", "Укажите показания (values).", "Give the values.");
    }

    public static IReadOnlyList<FieldError> Fields(HttpContext http, IEnumerable<ReadingError> errors)
    {
        var english = ErrorMessages.PrefersEnglish(http);
        return errors.Select(e => new FieldError(e.Field, e.Code, ErrorMessages.Get(e.Code, english), e.Data)).ToList();
    }
}
