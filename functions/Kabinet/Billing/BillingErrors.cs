using Kabinet.Platform.Errors;

namespace Kabinet.Billing;

public static class BillingErrors
{
    public static readonly ErrorCatalog Catalog = new()
    {
        ["billing.run_not_found"] = ("Запуск расчёта не найден.", "The billing run was not found."),
        ["billing.provider_not_found"] = ("Поставщик не найден.", "The provider was not found."),
        ["billing.period_invalid"] = ("Период должен быть в формате ГГГГ-ММ.", "The period must be YYYY-MM."),
        ["billing.period_not_closable"] = ("Этот период нельзя закрыть: он ещё не начался или старше 24 месяцев.", "This period cannot be closed: it has not begun or is more than 24 months back."),
        ["billing.parked_not_found"] = ("Этот лицевой счёт не отложен.", "This account is not parked."),
        ["billing.still_parked"] = ("Лицевой счёт снова отложен: данные всё ещё нарушают правило.", "The account was parked again: its data still breaks a rule."),
        ["billing.close_failed"] = ("Не удалось закрыть период по лицевому счёту; повторите позже.", "Closing the account failed; try again later."),
        [BillPlanner.LedgerMismatch] = ("Баланс лицевого счёта не равен сумме его проводок.", "The account's balance is not the sum of its ledger entries."),
        [BillPlanner.TooManyRows] = ("Счёт не помещается в одну транзакцию (больше 100 строк).", "The bill does not fit one transaction (more than 100 rows)."),
        ["bill.period_invalid"] = ("Период должен быть в формате ГГГГ-ММ.", "The period must be YYYY-MM."),
        ["statement.range_invalid"] = ("Укажите период from ≤ to в формате ГГГГ-ММ, не длиннее 36 месяцев.", "Give from ≤ to as YYYY-MM, at most 36 months apart."),
        ["consumption.months_invalid"] = ("months — целое число от 1 до 36.", "months must be a whole number from 1 to 36."),
    };
}
