using Kabinet.Platform.Errors;

namespace Kabinet.Operators;

/// <summary>Stable codes of imports: request errors, whole-file failures and row errors, Russian and English.</summary>
public static class ImportErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        // The request
        ["import.not_found"] = ("Импорт не найден.", "The import was not found."),
        ["import.file_required"] = ("Приложите файл в поле file (CSV или JSON).", "Attach a file in the field file (CSV or JSON)."),
        ["import.file_empty"] = ("Файл пуст.", "The file is empty."),
        ["import.kind_required"] = ("Для CSV укажите вид данных (kind): providers, services, tariffs, norms, accounts, meters, payments, bills или readings.", "A CSV needs its kind: providers, services, tariffs, norms, accounts, meters, payments, bills or readings."),
        ["import.kind_unknown"] = ("Неизвестный вид данных (kind).", "Unknown kind."),
        ["import.format_unknown"] = ("Формат файла не распознан: ожидается CSV или JSON (format: csv | json).", "Unknown file format: CSV or JSON is expected (format: csv | json)."),
        ["import.blob_invalid"] = ("Ссылка на файл должна иметь вид imports/<путь>.", "The blob reference must look like imports/<path>."),
        ["import.blob_not_found"] = ("Файл в хранилище не найден.", "The blob was not found in storage."),
        ["import.file_too_large"] = ("Файл слишком большой для импорта (Imports:MaxFileBytes, по умолчанию 2 ГиБ).", "The file is too large to import (Imports:MaxFileBytes, 2 GiB by default)."),
        ["import.file_name_invalid"] = ("Имя файла длиннее 255 символов или содержит управляющие символы.", "The file name is longer than 255 characters or has control characters."),
        ["import.not_restartable"] = ("Импорт уже завершён; чтобы загрузить файл снова, начните новый импорт.", "The import is done; start a new import to load the file again."),
        // The whole file
        ["import.source_missing"] = ("Исходный файл импорта не найден в хранилище.", "The source file of the import is missing from storage."),
        ["import.encoding_invalid"] = ("Файл не в кодировке UTF-8.", "The file is not UTF-8."),
        ["import.json_invalid"] = ("Файл не является корректным JSON.", "The file is not valid JSON."),
        ["import.json_shape"] = ("JSON должен быть объектом {\"kind\":…, \"rows\":[…]} или набором разделов {\"providers\":[…], …}.", "The JSON must be an object {\"kind\":…, \"rows\":[…]} or a bundle of sections {\"providers\":[…], …}."),
        ["import.section_unknown"] = ("Неизвестный раздел в JSON.", "Unknown section in the JSON."),
        ["import.csv_empty"] = ("В CSV нет строки заголовка.", "The CSV has no header row."),
        ["import.csv_columns_missing"] = ("В заголовке CSV не хватает обязательных столбцов.", "The CSV header lacks required columns."),
        ["import.csv_column_unknown"] = ("В заголовке CSV есть неизвестный или повторяющийся столбец.", "The CSV header has an unknown or repeated column."),
        ["import.header_too_long"] = ("Строка заголовка CSV слишком длинная (больше 64 КиБ).", "The CSV header row is too long (over 64 KiB)."),
        ["import.source_changed"] = ("Исходный файл изменился во время импорта. Запустите импорт снова.", "The source file changed while it was imported. Start the import again."),
        ["import.tariffs_too_large"] = ("Слишком много строк тарифов в одном файле.", "Too many tariff rows in one file."),
        ["import.interrupted"] = ("Импорт прерван (истекло время или выполнение остановлено); обработанные строки сохранены. Перезапустите его: POST /api/operator/imports/{id}/restart.", "The import was interrupted (timed out or stopped); rows done so far are kept. Restart it: POST /api/operator/imports/{id}/restart."),
        ["import.processing_failed"] = ("Импорт не удалось завершить после нескольких попыток; обработанные строки сохранены. Повторите импорт.", "The import could not finish after several tries; rows done so far are kept. Import again."),
        // Rows
        ["import.csv_field_count"] = ("Число полей в строке не совпадает с заголовком.", "The row's field count differs from the header's."),
        ["import.csv_unterminated_quote"] = ("Незакрытая кавычка.", "Unterminated quote."),
        ["import.record_too_long"] = ("Строка слишком длинная (больше 64 КиБ).", "The row is too long (over 64 KiB)."),
        ["import.row_not_object"] = ("Строка должна быть JSON-объектом.", "A row must be a JSON object."),
        ["import.text_invalid"] = ("В строке есть недопустимые символы (непарный суррогат UTF-16).", "The row holds invalid text (an unpaired UTF-16 surrogate)."),
        ["import.field_unknown"] = ("Неизвестное поле.", "Unknown field."),
        ["import.field_required"] = ("Поле обязательно.", "The field is required."),
        ["import.field_too_long"] = ("Значение слишком длинное.", "The value is too long."),
        ["import.field_invalid"] = ("Недопустимое значение.", "Invalid value."),
        ["import.key_invalid"] = ("Идентификатор содержит недопустимые символы (/ \\ # ? или управляющие) или слишком длинный.", "The identifier has forbidden characters (/ \\ # ? or control) or is too long."),
        ["import.value_not_allowed"] = ("Значение не из списка допустимых.", "The value is not one of the allowed ones."),
        ["import.number_invalid"] = ("Ожидается число.", "A number is expected."),
        ["import.number_out_of_range"] = ("Число вне допустимого диапазона.", "The number is out of range."),
        ["import.integer_invalid"] = ("Ожидается целое число.", "An integer is expected."),
        ["import.kopecks_fractional"] = ("Сумма указывается в копейках целым числом.", "Amounts are whole kopecks."),
        ["import.amount_not_positive"] = ("Сумма должна быть больше нуля.", "The amount must be positive."),
        ["import.amount_negative"] = ("Сумма не может быть отрицательной.", "The amount cannot be negative."),
        ["import.too_many_fraction_digits"] = ("Слишком много знаков после запятой.", "Too many fraction digits."),
        ["import.date_invalid"] = ("Ожидается дата ГГГГ-ММ-ДД.", "A date yyyy-MM-dd is expected."),
        ["import.period_invalid"] = ("Ожидается период ГГГГ-ММ.", "A period yyyy-MM is expected."),
        ["import.time_invalid"] = ("Время: ЧЧ:мм, от 00:00 до 23:59 (например 22:00).", "A time must be HH:mm, 00:00 to 23:59 (e.g. 22:00)."),
        ["import.timezone_unknown"] = ("Неизвестный часовой пояс (ожидается IANA, например Asia/Omsk).", "Unknown time zone (an IANA id such as Asia/Omsk is expected)."),
        ["import.bool_invalid"] = ("Ожидается true или false.", "true or false is expected."),
        ["import.zone_not_in_set"] = ("Зона не входит в тарифную схему.", "The zone is not part of the zone set."),
        ["import.zone_hours_invalid"] = ("Часы зон: ожидается JSON {\"зона\":[\"ЧЧ:ММ-ЧЧ:ММ\",…]} для каждой зоны схемы.", "Zone hours: JSON {\"zone\":[\"HH:mm-HH:mm\",…]} for each zone of the set is expected."),
        ["import.tariff_bands_invalid"] = ("Ступени тарифа: границы (bandUpTo) должны различаться, и ровно одна ступень — последняя (без границы).", "Tariff bands: the limits (bandUpTo) must differ and exactly one band must be the last (no limit)."),
        ["import.tariff_incomplete"] = ("Тариф не загружен: в другой его строке ошибка.", "The tariff was not loaded: another of its rows has an error."),
        ["import.provider_unknown"] = ("Поставщик не найден.", "Unknown provider."),
        ["import.service_unknown"] = ("Услуга поставщика не найдена.", "Unknown service of the provider."),
        ["import.account_unknown"] = ("Лицевой счёт не найден.", "Unknown personal account."),
        ["import.meter_unknown"] = ("Счётчик этого лицевого счёта не найден.", "Unknown meter of this account."),
        ["import.meter_serial_taken"] = ("Счётчик с этим номером уже принадлежит другому лицевому счёту.", "A meter with this serial belongs to another account."),
        ["import.reading_zones_mismatch"] = ("Показания должны быть указаны ровно для зон счётчика.", "Readings must give exactly the meter's zones."),
        ["import.reading_exceeds_digits"] = ("Показание больше разрядности счётчика.", "The reading exceeds the meter's digits."),
    };
}
