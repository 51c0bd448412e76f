using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kabinet.Accounts;
using Kabinet.Platform.Storage;
using Kabinet.Providers;
using Kabinet.Readings;

namespace Kabinet.Operators;

/// <summary>Why one row was rejected: a stable code, the field it is about and the offending value.</summary>
public sealed record RowError(string Code, string? Field = null, string? Value = null);

/// <summary>Reads typed values out of a row's raw fields; the first problem is kept and later reads return null.</summary>
public sealed partial class FieldReader(IReadOnlyDictionary<string, string?> fields)
{
    public const long MaxMoney = 1_000_000_000_000;

    public RowError? Error { get; private set; }
    public bool Ok => Error is null;

    public void Fail(string code, string? field = null, string? value = null) =>
        Error ??= new RowError(code, field, value is { Length: > 100 } ? value[..100] : value);

    private string? Raw(string name, bool required)
    {
        if (Error is not null) return null;
        var value = fields.TryGetValue(name, out var v) ? v : null;
        if (value is null && required) Fail("import.field_required", name);
        return value;
    }

    public string? Text(string name, bool required = false, int max = 256)
    {
        var value = Raw(name, required);
        if (value is not null && value.Length > max) { Fail("import.field_too_long", name, value); return null; }
        return value;
    }

    /// <summary>A value that becomes part of a table key: no / \ # ? or control characters.</summary>
    public string? Key(string name, bool required = true, int max = 64)
    {
        var value = Raw(name, required);
        if (value is null) return null;
        if (value.Length > max || value.Any(TableKeys.IsForbidden)) { Fail("import.key_invalid", name, value); return null; }
        return value;
    }

    public string? OneOf(string name, string[] allowed, string? fallback = null, bool required = false)
    {
        var value = Raw(name, required && fallback is null);
        if (value is null) return fallback;
        var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        if (match is null) Fail("import.value_not_allowed", name, value);
        return match;
    }

    public int? Int(string name, int min, int max, int? fallback = null, bool required = false)
    {
        var value = Raw(name, required && fallback is null);
        if (value is null) return fallback;
        if (!IntegerPattern().IsMatch(value))
        {
            Fail(NumberPattern().IsMatch(value) ? "import.integer_invalid" : "import.number_invalid", name, value);
            return null;
        }
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) { Fail("import.number_out_of_range", name, value); return null; }
        if (n < min || n > max) { Fail("import.number_out_of_range", name, value); return null; }
        return n;
    }

    /// <summary>Whole kopecks, |amount| ≤ 10¹²; <paramref name="min"/> 1 = positive, 0 = not negative.</summary>
    public long? Kopecks(string name, bool required, long min = -MaxMoney, long fallback = 0)
    {
        var value = Raw(name, required);
        if (value is null) return Error is null ? fallback : null;
        if (!IntegerPattern().IsMatch(value))
        {
            Fail(NumberPattern().IsMatch(value) ? "import.kopecks_fractional" : "import.number_invalid", name, value);
            return null;
        }
        if (value.TrimStart('+', '-').TrimStart('0').Length > 13 || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || Math.Abs(n) > MaxMoney)
        {
            Fail("import.number_out_of_range", name, value);
            return null;
        }
        if (n < min) { Fail(min > 0 ? "import.amount_not_positive" : "import.amount_negative", name, value); return null; }
        return n;
    }

    /// <summary>A decimal as an invariant string ("5.67"); a decimal comma is accepted too.</summary>
    public string? Decimal(string name, int maxFraction, decimal min, decimal max, string? fallback = null, bool required = false)
    {
        var value = Raw(name, required && fallback is null);
        if (value is null) return fallback;
        var d = ParseDecimal(name, value, maxFraction);
        if (d is null) return null;
        if (d < min || d > max) { Fail("import.number_out_of_range", name, value); return null; }
        return d.Value.ToString(CultureInfo.InvariantCulture);
    }

    public decimal? ParseDecimal(string name, string value, int maxFraction)
    {
        if (!NumberPattern().IsMatch(value)) { Fail("import.number_invalid", name, value); return null; }
        var normal = value.Replace(',', '.');
        var dot = normal.IndexOf('.');
        if (dot >= 0 && normal.Length - dot - 1 > maxFraction) { Fail("import.too_many_fraction_digits", name, value); return null; }
        if (!decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            Fail("import.number_out_of_range", name, value);
            return null;
        }
        return d;
    }

    public string? Date(string name, bool required = false)
    {
        var value = Raw(name, required);
        if (value is null) return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) { Fail("import.date_invalid", name, value); return null; }
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public string? Period(string name, bool required = false)
    {
        var value = Raw(name, required);
        if (value is null) return null;
        if (!DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) { Fail("import.period_invalid", name, value); return null; }
        return date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public bool? Bool(string name, bool fallback)
    {
        var value = Raw(name, false);
        if (value is null) return Error is null ? fallback : null;
        switch (value.ToLowerInvariant())
        {
            case "true" or "1" or "yes": return true;
            case "false" or "0" or "no": return false;
            default: Fail("import.bool_invalid", name, value); return null;
        }
    }

    [GeneratedRegex(@"^[+-]?[0-9]{1,30}$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?[0-9]{1,30}([.,][0-9]{1,30})?$")]
    private static partial Regex NumberPattern();
}

/// <summary>A validated row: the provider and account it belongs to and the entity it writes.</summary>
public sealed record ParsedRow<T>(SourceRow Source, string ProviderId, string? AccountNumber, T Value);

/// <summary>A validated reading: values by zone as invariant strings, to be checked against its meter.</summary>
public sealed record ReadingValues(string Serial, string Date, Dictionary<string, decimal> Values, string Status, string Channel = ReadingChannels.Import);

/// <summary>One band row of a tariff.</summary>
public sealed record TariffRow(string Service, string ZoneSet, string EffectiveFrom, decimal? UpTo, Dictionary<string, string> Rates, string? ZoneHours)
{
    public string Key => $"{Service}|{ZoneSet}|{EffectiveFrom}";
}

/// <summary>The pure rules of each import kind: raw fields in, an entity or a RowError out.</summary>
public static partial class ImportRules
{
    public static readonly string[] Proofs = ProofMethods.All;
    public static readonly string[] Stoves = ["gas", "electric"];
    public static readonly string[] ZoneSetNames = ["T1", "day-night", "peak-semipeak-night"];
    public static readonly string[] AllZones = ["T1", "day", "night", "peak", "semipeak"];

    public static readonly IReadOnlyDictionary<string, Dictionary<string, string[]>> DefaultZoneHours = new Dictionary<string, Dictionary<string, string[]>>
    {
        ["T1"] = new() { ["T1"] = ["00:00-24:00"] },
        ["day-night"] = new() { ["day"] = ["07:00-23:00"], ["night"] = ["23:00-07:00"] },
        ["peak-semipeak-night"] = new() { ["peak"] = ["07:00-10:00", "17:00-21:00"], ["semipeak"] = ["10:00-17:00", "21:00-23:00"], ["night"] = ["23:00-07:00"] },
    };

    public static (ParsedRow<T>? Row, RowError? Error) Result<T>(SourceRow source, FieldReader f, string? providerId, string? accountNumber, Func<T> build) =>
        f.Ok && providerId is not null ? (new ParsedRow<T>(source, providerId, accountNumber, build()), null) : (null, f.Error ?? new RowError("import.field_required", "providerId"));

    public static (ParsedRow<ProviderEntity>?, RowError?) Provider(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var id = f.Key("providerId");
        var name = f.Text("name", required: true);
        var inn = Digits(f, "inn", 10, 12);
        var kpp = Digits(f, "kpp", 9, 9);
        var ogrn = Digits(f, "ogrn", 13, 15);
        var legalAddress = f.Text("legalAddress", max: 1000);
        var phone = f.Text("phone", max: 64);
        var email = f.Text("email", max: 256);
        var website = f.Text("website", max: 1000);
        var timeZone = f.Text("timeZone", max: 64) ?? "Europe/Moscow";
        if (f.Ok && !IsIanaZone(timeZone)) f.Fail("import.timezone_unknown", "timeZone", timeZone);
        var readingsDay = f.Int("readingsDay", 1, 28, 25);
        var billDueDay = f.Int("billDueDay", 1, 28, ProviderDefaults.BillDueDay);
        var proofsText = f.Text("acceptedProofs", max: 200);
        var proofs = new List<string>();
        foreach (var p in (proofsText ?? string.Join(';', Proofs)).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Proofs.FirstOrDefault(x => string.Equals(x, p, StringComparison.OrdinalIgnoreCase));
            if (match is null) { f.Fail("import.value_not_allowed", "acceptedProofs", p); break; }
            if (!proofs.Contains(match)) proofs.Add(match);
        }
        if (f.Ok && proofs.Count == 0) f.Fail("import.field_required", "acceptedProofs");
        var above = f.Decimal("plausibleAbove", 4, 0, 100, PlausibilityDefaults.AboveText);
        var below = f.Decimal("plausibleBelow", 4, 0, 1, PlausibilityDefaults.BelowText);
        var quietFrom = TimeOfDay(f, "quietHoursFrom", QuietHoursDefaults.From);
        var quietTo = TimeOfDay(f, "quietHoursTo", QuietHoursDefaults.To);
        var bankName = f.Text("bankName", max: 300);
        var bic = Digits(f, "bic", 9, 9);
        var correspondent = Digits(f, "correspondentAccount", 20, 20);
        var settlement = Digits(f, "settlementAccount", 20, 20);
        return Result(row, f, id, null, () => new ProviderEntity
        {
            RowKey = id!, Name = name!, Inn = inn, Kpp = kpp, Ogrn = ogrn, LegalAddress = legalAddress, Phone = phone, Email = email, Website = website,
            BankName = bankName, Bic = bic, CorrespondentAccount = correspondent, SettlementAccount = settlement,
            TimeZone = timeZone, ReadingsDay = readingsDay!.Value, BillDueDay = billDueDay!.Value, AcceptedProofs = string.Join(',', proofs),
            PlausibleAbove = above!, PlausibleBelow = below!, QuietHoursFrom = quietFrom!, QuietHoursTo = quietTo!,
        });
    }

    /// <summary>A local time "HH:mm" (00:00–23:59), or the fallback when absent.</summary>
    private static string? TimeOfDay(FieldReader f, string name, string fallback)
    {
        var value = f.Text(name, max: 16);
        if (value is null) return fallback;
        if (Notifications.QuietHours.TryParseTime(value, out _)) return value;
        f.Fail("import.time_invalid", name, value);
        return null;
    }

    public static bool IsIanaZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId; }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return false; }
    }

    private static string? Digits(FieldReader f, string name, int minLength, int maxLength)
    {
        var value = f.Text(name, max: 32);
        if (value is null) return null;
        if (!value.All(char.IsAsciiDigit) || (value.Length != minLength && value.Length != maxLength)) { f.Fail("import.field_invalid", name, value); return null; }
        return value;
    }

    private static string? ServiceCode(FieldReader f, string name = "service", string? fallback = null)
    {
        var value = f.Key(name, required: fallback is null) ?? fallback;
        if (value is not null && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) { f.Fail("import.key_invalid", name, value); return null; }
        return value;
    }

    public static (ParsedRow<ServiceEntity>?, RowError?) Service(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var service = ServiceCode(f);
        var name = f.Text("name", required: true);
        var kind = f.OneOf("kind", ["metered", "fixed"], "metered");
        var unit = f.Text("unit", max: 32) ?? (kind == "fixed" ? "month" : "kWh");
        var fixedAmount = kind == "fixed" ? f.Kopecks("fixedAmount", required: true, min: 0) : null;
        return Result(row, f, providerId, null, () => new ServiceEntity
        {
            PartitionKey = providerId!, RowKey = service!, Name = name!, Unit = unit, Kind = kind!, FixedAmount = fixedAmount,
        });
    }

    public static (ParsedRow<TariffRow>?, RowError?) Tariff(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var service = ServiceCode(f);
        var zoneSet = f.OneOf("zoneSet", ZoneSetNames, required: true);
        var effectiveFrom = f.Date("effectiveFrom", required: true);
        var upToText = f.Decimal("bandUpTo", 4, 0.0001m, 1_000_000_000m);
        var rates = new Dictionary<string, string>();
        if (zoneSet is not null)
        {
            var zones = ZoneSets.Zones[zoneSet];
            foreach (var zone in AllZones)
            {
                if (zones.Contains(zone))
                {
                    var rate = f.Decimal(zone, 4, 0, 1_000_000, required: true);
                    if (rate is not null) rates[zone] = rate;
                }
                else if (f.Text(zone) is { } extra) f.Fail("import.zone_not_in_set", zone, extra);
            }
        }
        var zoneHours = f.Text("zoneHours", max: 2000);
        if (zoneHours is not null && zoneSet is not null && NormalizeZoneHours(zoneHours, zoneSet) is not { } normalized)
            f.Fail("import.zone_hours_invalid", "zoneHours", zoneHours);
        else if (zoneHours is not null && zoneSet is not null) zoneHours = NormalizeZoneHours(zoneHours, zoneSet);
        return Result(row, f, providerId, null, () => new TariffRow(service!, zoneSet!, effectiveFrom!,
            upToText is null ? null : decimal.Parse(upToText, CultureInfo.InvariantCulture), rates, zoneHours));
    }

    /// <summary>Zone hours JSON {zone: ["HH:mm-HH:mm", …]} for exactly the zones of the set, covering the day once; null when not.</summary>
    public static string? NormalizeZoneHours(string json, string zoneSet)
    {
        Dictionary<string, string[]>? hours;
        try { hours = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json); }
        catch (JsonException) { return null; }
        var zones = ZoneSets.Zones[zoneSet];
        if (hours is null || hours.Count != zones.Length || !zones.All(hours.ContainsKey) || hours.Values.Any(r => r is not { Length: > 0 })) return null;
        var covered = new int[24 * 60];
        foreach (var range in hours.Values.SelectMany(r => r ?? []))
        {
            var m = ZoneRange().Match(range ?? "");
            if (!m.Success) return null;
            int Minute(string h, string mm) => int.Parse(h, CultureInfo.InvariantCulture) * 60 + int.Parse(mm, CultureInfo.InvariantCulture);
            var from = Minute(m.Groups[1].Value, m.Groups[2].Value);
            var to = Minute(m.Groups[3].Value, m.Groups[4].Value);
            if (from >= 24 * 60 || to > 24 * 60 || from == to) return null;
            // Counted by length: "…-24:00" never meets 24:00 modulo a day (it looped for ever).
            var length = to > from ? to - from : to + 24 * 60 - from;
            for (var i = 0; i < length; i++) covered[(from + i) % (24 * 60)]++;
        }
        return covered.All(c => c == 1) ? JsonSerializer.Serialize(hours) : null;
    }

    [GeneratedRegex(@"^([01][0-9]|2[0-4]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")]
    private static partial Regex ZoneRange();

    /// <summary>
    /// The band rows of one tariff (same provider, service, zone set, effective date) as one TariffEntity, or
    /// the error of the row that spoils them: limits must differ and exactly one band has no limit.
    /// </summary>
    public static (TariffEntity? Tariff, int BadIndex, RowError? Error) MergeTariff(string providerId, IReadOnlyList<TariffRow> bands)
    {
        var open = bands.Select((b, i) => (b, i)).Where(x => x.b.UpTo is null).ToList();
        if (open.Count != 1) return (null, open.Count == 0 ? bands.Count - 1 : open[1].i, new RowError("import.tariff_bands_invalid", "bandUpTo"));
        for (var i = 0; i < bands.Count; i++)
            if (bands[i].UpTo is { } u && bands.Take(i).Any(b => b.UpTo == u)) return (null, i, new RowError("import.tariff_bands_invalid", "bandUpTo", u.ToString(CultureInfo.InvariantCulture)));
        var hours = bands.Select(b => b.ZoneHours).Where(h => h is not null).Distinct().ToList();
        if (hours.Count > 1) return (null, bands.Select((b, i) => (b, i)).Last(x => x.b.ZoneHours is not null).i, new RowError("import.zone_hours_invalid", "zoneHours"));
        var first = bands[0];
        var ordered = bands.OrderBy(b => b.UpTo is null).ThenBy(b => b.UpTo).Select(b => new JsonObject
        {
            ["upTo"] = b.UpTo?.ToString(CultureInfo.InvariantCulture),
            ["rates"] = new JsonObject(ZoneSets.Zones[first.ZoneSet].Select(z => KeyValuePair.Create(z, (JsonNode?)JsonValue.Create(b.Rates[z])))),
        });
        return (new TariffEntity
        {
            PartitionKey = providerId, RowKey = first.Key, Service = first.Service, ZoneSet = first.ZoneSet, EffectiveFrom = first.EffectiveFrom,
            Bands = new JsonArray(ordered.ToArray<JsonNode?>()).ToJsonString(),
            ZoneHours = hours.FirstOrDefault() ?? JsonSerializer.Serialize(DefaultZoneHours[first.ZoneSet]),
        }, -1, null);
    }

    public static (ParsedRow<NormEntity>?, RowError?) Norm(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var rooms = f.Int("rooms", 0, 50, required: true);
        var residents = f.Int("residents", 1, 100, required: true);
        var stove = f.OneOf("stove", Stoves, required: true);
        var kwh = f.Decimal("kwhPerPerson", 4, 0, 100_000, required: true);
        return Result(row, f, providerId, null, () => new NormEntity
        {
            PartitionKey = providerId!, RowKey = $"{rooms}|{residents}|{stove}", Rooms = rooms!.Value, Residents = residents!.Value, Stove = stove!, KwhPerPerson = kwh!,
        });
    }

    private static string? AccountNumber(FieldReader f, string name)
    {
        var number = f.Key(name, max: 50);
        if (number is not null && AccountIds.NormalizeNumber(number).Length == 0) { f.Fail("import.key_invalid", name, number); return null; }
        return number;
    }

    public static (ParsedRow<AccountEntity>?, RowError?) Account(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "number");
        var holder = f.Text("holderName", max: 300) ?? "";
        var address = f.Text("address", max: 1000) ?? "";
        var rooms = f.Int("rooms", 0, 100, 0);
        var residents = f.Int("residents", 0, 1000, 0);
        var area = f.Decimal("area", 4, 0, 1_000_000, "0");
        var stove = f.OneOf("stove", Stoves, "gas");
        var opening = f.Kopecks("openingBalance", required: false);
        var openingDue = f.Date("openingDueDate");
        return Result(row, f, providerId, number, () => new AccountEntity
        {
            PartitionKey = AccountIds.For(providerId!, number!), ProviderId = providerId!, Number = number!, HolderName = holder, Address = address,
            Rooms = rooms!.Value, Residents = residents!.Value, Area = area!, Stove = stove!, OpeningBalance = opening!.Value, Balance = opening.Value,
            OpeningDueDate = openingDue,
        });
    }

    public static (ParsedRow<MeterEntity>?, RowError?) Meter(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "accountNumber");
        var serial = f.Key("serial", max: 100);
        var model = f.Text("model", max: 200) ?? "";
        var service = ServiceCode(f, fallback: "electricity");
        var zoneSet = f.OneOf("zoneSet", ZoneSetNames, "T1");
        var digits = f.Int("digits", 1, 9, 6);
        var fractionDigits = f.Int("fractionDigits", 0, 3, 0);
        var installedOn = f.Date("installedOn");
        var verifiedUntil = f.Date("verifiedUntil");
        var accuracyClass = f.Text("accuracyClass", max: 32);
        var location = f.Text("location", max: 300);
        var remoteRead = f.Bool("remoteRead", false);
        var state = f.OneOf("state", MeterStates.All, MeterStates.Active);
        return Result(row, f, providerId, number, () => new MeterEntity
        {
            PartitionKey = AccountIds.For(providerId!, number!), RowKey = MeterEntity.RowFor(serial!), Serial = serial!, Model = model, Service = service!,
            ZoneSet = zoneSet!, Digits = digits!.Value, FractionDigits = fractionDigits!.Value, InstalledOn = installedOn, VerifiedUntil = verifiedUntil,
            AccuracyClass = accuracyClass, Location = location, RemoteRead = remoteRead!.Value, State = state!,
        });
    }

    public static (ParsedRow<ReadingValues>?, RowError?) Reading(SourceRow row)
    {
        var f = new FieldReader(row.Fields);
        var providerId = f.Key("providerId");
        var number = AccountNumber(f, "accountNumber");
        var serial = f.Key("serial", max: 100);
        var date = f.Date("date", required: true);
        var values = new Dictionary<string, decimal>();
        foreach (var zone in AllZones)
            if (f.Ok && f.Text(zone, max: 40) is { } text && f.ParseDecimal(zone, text, 6) is { } value)
            {
                if (value < 0) f.Fail("import.number_out_of_range", zone, text);
                values[zone] = value;
            }
        var status = f.OneOf("status", [ReadingStatuses.Accepted, ReadingStatuses.Billed], ReadingStatuses.Accepted);
        // Remote-read (АСКУЭ) meters report through the same file, marked with their channel.
        var channel = f.OneOf("channel", [ReadingChannels.Import, ReadingChannels.Remote], ReadingChannels.Import);
        if (f.Ok && values.Count == 0) f.Fail("import.reading_zones_mismatch", "T1");
        return Result(row, f, providerId, number, () => new ReadingValues(serial!, date!, values, status!, channel!));
    }

    /// <summary>The reading's values against its meter: exactly the meter's zones, within its digits and fraction digits.</summary>
    public static RowError? CheckReading(ReadingValues reading, MeterEntity meter)
    {
        var zones = ZoneSets.Zones.TryGetValue(meter.ZoneSet, out var z) ? z : ["T1"];
        if (reading.Values.Count != zones.Length || !zones.All(reading.Values.ContainsKey))
            return new RowError("import.reading_zones_mismatch", reading.Values.Keys.FirstOrDefault(k => !zones.Contains(k)) ?? zones.First(k => !reading.Values.ContainsKey(k)));
        var limit = (decimal)Math.Pow(10, meter.Digits);
        foreach (var (zone, value) in reading.Values)
        {
            if (value >= limit) return new RowError("import.reading_exceeds_digits", zone, value.ToString(CultureInfo.InvariantCulture));
            if (value.Scale > meter.FractionDigits && value != decimal.Round(value, meter.FractionDigits))
                return new RowError("import.too_many_fraction_digits", zone, value.ToString(CultureInfo.InvariantCulture));
        }
        return null;
    }

    public static string ValuesJson(ReadingValues reading) =>
        JsonSerializer.Serialize(reading.Values.ToDictionary(v => v.Key, v => v.Value.ToString(CultureInfo.InvariantCulture)));
}
