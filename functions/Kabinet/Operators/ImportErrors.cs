using Kabinet.Platform.Errors;

namespace Kabinet.Operators;

/// <summary>Stable codes of imports: request errors, whole-file failures and row errors, Russian and English.</summary>
public static class ImportErrors
{
    public static void Register()
    {
        // The request
        ErrorMessages.Add("import.not_found", "Импорт не найден.", "The import was not found.");
        ErrorMessages.Add("import.file_required", "Приложите файл в поле file (CSV или JSON).", "Attach a file in the field file (CSV or JSON).");
        ErrorMessages.Add("import.file_empty", "Файл пуст.", "The file is empty.");
        ErrorMessages.Add("import.kind_required", "Для CSV укажите вид данных (kind): providers, services, tariffs, norms, accounts, meters, payments, bills или readings.", "A CSV needs its kind: providers, services, tariffs, norms, accounts, meters, payments, bills or readings.");
        ErrorMessages.Add("import.kind_unknown", "Неизвестный вид данных (kind).", "Unknown kind.");
        ErrorMessages.Add("import.format_unknown", "Формат файла не распознан: ожидается CSV или JSON (format: csv | json).", "Unknown file format: CSV or JSON is expected (format: csv | json).");
        ErrorMessages.Add("import.blob_invalid", "Ссылка на файл должна иметь вид imports/<путь>.", "The blob reference must look like imports/<path>.");
        ErrorMessages.Add("import.blob_not_found", "Файл в хранилище не найден.", "The blob was not found in storage.");
        ErrorMessages.Add("import.file_too_large", "Файл слишком большой для импорта (Imports:MaxFileBytes, по умолчанию 2 ГиБ).", "The file is too large to import (Imports:MaxFileBytes, 2 GiB by default).");
        ErrorMessages.Add("import.file_name_invalid", "Имя файла длиннее 255 символов или содержит управляющие символы.", "The file name is longer than 255 characters or has control characters.");
        ErrorMessages.Add("import.not_restartable", "Импорт уже завершён; чтобы загрузить файл снова, начните новый импорт.", "The import is done; start a new import to load the file again.");
        ErrorMessages.Add("import.cursor_invalid", "Неверный курсор ошибок.", "Invalid errors cursor.");
        // The whole file
        ErrorMessages.Add("import.source_missing", "Исходный файл импорта не найден в хранилище.", "The source file of the import is missing from storage.");
        ErrorMessages.Add("import.encoding_invalid", "Файл не в кодировке UTF-8.", "The file is not UTF-8.");
        ErrorMessages.Add("import.json_invalid", "Файл не является корректным JSON.", "The file is not valid JSON.");
        ErrorMessages.Add("import.json_shape", "JSON должен быть объектом {\"kind\":…, \"rows\":[…]} или набором разделов {\"providers\":[…], …}.", "The JSON must be an object {\"kind\":…, \"rows\":[…]} or a bundle of sections {\"providers\":[…], …}.");
        ErrorMessages.Add("import.section_unknown", "Неизвестный раздел в JSON.", "Unknown section in the JSON.");
        ErrorMessages.Add("import.csv_empty", "В CSV нет строки заголовка.", "The CSV has no header row.");
        ErrorMessages.Add("import.csv_columns_missing", "В заголовке CSV не хватает обязательных столбцов.", "The CSV header lacks required columns.");
        ErrorMessages.Add("import.csv_column_unknown", "В заголовке CSV есть неизвестный или повторяющийся столбец.", "The CSV header has an unknown or repeated column.");
        ErrorMessages.Add("import.header_too_long", "Строка заголовка CSV слишком длинная (больше 64 КиБ).", "The CSV header row is too long (over 64 KiB).");
        ErrorMessages.Add("import.source_changed", "Исходный файл изменился во время импорта. Запустите импорт снова.", "The source file changed while it was imported. Start the import again.");
        ErrorMessages.Add("import.tariffs_too_large", "Слишком много строк тарифов в одном файле.", "Too many tariff rows in one file.");
        ErrorMessages.Add("import.interrupted", "Импорт прерван (истекло время или выполнение остановлено); обработанные строки сохранены. Перезапустите его: POST /api/operator/imports/{id}/restart.", "The import was interrupted (timed out or stopped); rows done so far are kept. Restart it: POST /api/operator/imports/{id}/restart.");
        ErrorMessages.Add("import.processing_failed", "Импорт не удалось завершить после нескольких попыток; обработанные строки сохранены. Повторите импорт.", "The import could not finish after several tries; rows done so far are kept. Import again.");
        // Rows
        ErrorMessages.Add("import.csv_field_count", "Число полей в строке не совпадает с заголовком.", "The row's field count differs from the header's.");
        ErrorMessages.Add("import.csv_unterminated_quote", "Незакрытая кавычка.", "Unterminated quote.");
        ErrorMessages.Add("import.record_too_long", "Строка слишком длинная (больше 64 КиБ).", "The row is too long (over 64 KiB).");
        ErrorMessages.Add("import.row_not_object", "Строка должна быть JSON-объектом.", "A row must be a JSON object.");
        ErrorMessages.Add("import.text_invalid", "В строке есть недопустимые символы (непарный суррогат UTF-16).", "The row holds invalid text (an unpaired UTF-16 surrogate).");
        ErrorMessages.Add("import.field_unknown", "Неизвестное поле.", "Unknown field.");
        ErrorMessages.Add("import.field_required", "Поле обязательно.", "The field is required.");
        ErrorMessages.Add("import.field_too_long", "Значение слишком длинное.", "The value is too long.");
        ErrorMessages.Add("import.field_invalid", "Недопустимое значение.", "Invalid value.");
        ErrorMessages.Add("import.key_invalid", "Идентификатор содержит недопустимые символы (/ \\ # ? или управляющие) или слишком длинный.", "The identifier has forbidden characters (/ \\ # ? or control) or is too long.");
        ErrorMessages.Add("import.value_not_allowed", "Значение не из списка допустимых.", "The value is not one of the allowed ones.");
        ErrorMessages.Add("import.number_invalid", "Ожидается число.", "A number is expected.");
        ErrorMessages.Add("import.number_out_of_range", "Число вне допустимого диапазона.", "The number is out of range.");
        ErrorMessages.Add("import.integer_invalid", "Ожидается целое число.", "An integer is expected.");
        ErrorMessages.Add("import.kopecks_fractional", "Сумма указывается в копейках целым числом.", "Amounts are whole kopecks.");
        ErrorMessages.Add("import.amount_not_positive", "Сумма должна быть больше нуля.", "The amount must be positive.");
        ErrorMessages.Add("import.amount_negative", "Сумма не может быть отрицательной.", "The amount cannot be negative.");
        ErrorMessages.Add("import.too_many_fraction_digits", "Слишком много знаков после запятой.", "Too many fraction digits.");
        ErrorMessages.Add("import.date_invalid", "Ожидается дата ГГГГ-ММ-ДД.", "A date yyyy-MM-dd is expected.");
        ErrorMessages.Add("import.period_invalid", "Ожидается период ГГГГ-ММ.", "A period yyyy-MM is expected.");
        ErrorMessages.Add("import.timezone_unknown", "Неизвестный часовой пояс (ожидается IANA, например Asia/Omsk).", "Unknown time zone (an IANA id such as Asia/Omsk is expected).");
        ErrorMessages.Add("import.bool_invalid", "Ожидается true или false.", "true or false is expected.");
        ErrorMessages.Add("import.zone_not_in_set", "Зона не входит в тарифную схему.", "The zone is not part of the zone set.");
        ErrorMessages.Add("import.zone_hours_invalid", "Часы зон: ожидается JSON {\"зона\":[\"ЧЧ:ММ-ЧЧ:ММ\",…]} для каждой зоны схемы.", "Zone hours: JSON {\"zone\":[\"HH:mm-HH:mm\",…]} for each zone of the set is expected.");
        ErrorMessages.Add("import.tariff_bands_invalid", "Ступени тарифа: границы (bandUpTo) должны различаться, и ровно одна ступень — последняя (без границы).", "Tariff bands: the limits (bandUpTo) must differ and exactly one band must be the last (no limit).");
        ErrorMessages.Add("import.tariff_incomplete", "Тариф не загружен: в другой его строке ошибка.", "The tariff was not loaded: another of its rows has an error.");
        ErrorMessages.Add("import.provider_unknown", "Поставщик не найден.", "Unknown provider.");
        ErrorMessages.Add("import.service_unknown", "Услуга поставщика не найдена.", "Unknown service of the provider.");
        ErrorMessages.Add("import.account_unknown", "Лицевой счёт не найден.", "Unknown personal account.");
        ErrorMessages.Add("import.meter_unknown", "Счётчик этого лицевого счёта не найден.", "Unknown meter of this account.");
        ErrorMessages.Add("import.meter_serial_taken", "Счётчик с этим номером уже принадлежит другому лицевому счёту.", "A meter with this serial belongs to another account.");
        ErrorMessages.Add("import.reading_zones_mismatch", "Показания должны быть указаны ровно для зон счётчика.", "Readings must give exactly the meter's zones.");
        ErrorMessages.Add("import.reading_exceeds_digits", "Показание больше разрядности счётчика.", "The reading exceeds the meter's digits.");
    }
}
