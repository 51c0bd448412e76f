using System.Text;
using System.Text.Json;

namespace Kabinet.Operators;

/// <summary>The kinds of data an import loads, in the order a bundle is processed, and their columns.</summary>
public static class ImportKinds
{
    public const string Bundle = "bundle";

    public static readonly string[] All = ["providers", "services", "tariffs", "norms", "accounts", "meters", "payments", "bills", "readings"];

    public sealed record Columns(string[] Required, string[] Optional)
    {
        public IEnumerable<string> All => Required.Concat(Optional);
    }

    public static readonly IReadOnlyDictionary<string, Columns> Fields = new Dictionary<string, Columns>
    {
        ["providers"] = new(["providerId", "name"], ["inn", "kpp", "ogrn", "legalAddress", "phone", "email", "website", "timeZone", "readingsDay", "billDueDay", "acceptedProofs", "plausibleAbove", "plausibleBelow"]),
        ["services"] = new(["providerId", "service", "name"], ["unit", "kind", "fixedAmount"]),
        ["tariffs"] = new(["providerId", "service", "zoneSet", "effectiveFrom"], ["bandUpTo", "T1", "day", "night", "peak", "semipeak", "zoneHours"]),
        ["norms"] = new(["providerId", "rooms", "residents", "stove", "kwhPerPerson"], []),
        ["accounts"] = new(["providerId", "number"], ["holderName", "address", "rooms", "residents", "area", "stove", "openingBalance"]),
        ["meters"] = new(["providerId", "accountNumber", "serial"], ["model", "service", "zoneSet", "digits", "fractionDigits", "installedOn", "verifiedUntil", "accuracyClass", "location", "remoteRead", "state"]),
        ["payments"] = new(["providerId", "accountNumber", "date", "amount", "documentNumber"], ["channel"]),
        ["bills"] = new(["providerId", "accountNumber", "period", "total"], ["dueDate", "status"]),
        ["readings"] = new(["providerId", "accountNumber", "serial", "date"], ["T1", "day", "night", "peak", "semipeak", "status", "channel"]),
    };

    public static bool IsKnown(string? kind) => kind is not null && Fields.ContainsKey(kind);

    /// <summary>The canonical spelling of a column of <paramref name="kind"/>, matched without regard to case.</summary>
    public static string? Canonical(string kind, string name) =>
        Fields[kind].All.FirstOrDefault(c => string.Equals(c, name.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One data row as read from the file: its 1-based number in the file (the RK of its error), the CSV line it
/// starts on, its kind and position in a JSON section, the raw values by canonical column, or why it could not be read.
/// </summary>
public sealed record SourceRow(int Row, int? Line, string Kind, int Index, Dictionary<string, string?> Fields, string? Error = null, string? ErrorField = null);

/// <summary>Why a whole file cannot be imported: a stable code and, for people, what exactly.</summary>
public sealed class ImportFileException(string code, string? detail = null) : Exception(detail ?? code)
{
    public string Code { get; } = code;
    public string? Detail { get; } = detail;
}

/// <summary>Reads the rows of a CSV or JSON import file.</summary>
public static class ImportSources
{
    /// <summary>UTF-8 (a BOM is skipped); anything else (e.g. Windows-1251) fails instead of turning into question marks.</summary>
    public static StreamReader Utf8Reader(Stream stream) => new(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);

    /// <summary>"json" when the first non-blank character (after a BOM) opens an object or array, else "csv".</summary>
    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        foreach (var b in head)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            return b is (byte)'{' or (byte)'[' ? "json" : "csv";
        }
        return "csv";
    }

    public static IEnumerable<SourceRow> Read(Stream stream, string format, string kind) =>
        format == "json" ? ReadJson(stream) : ReadCsv(stream, kind);

    // ---- CSV ----

    public static IEnumerable<SourceRow> ReadCsv(Stream stream, string kind)
    {
        using var reader = Utf8Reader(stream);
        var header = Decode(() => reader.ReadLine());
        if (header is null) throw new ImportFileException("import.csv_empty");
        if (header.Length > 0 && header[0] == '\uFEFF') header = header[1..];
        if (string.IsNullOrWhiteSpace(header)) throw new ImportFileException("import.csv_empty");
        var delimiter = header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
        var names = new CsvParser(new StringReader(header), delimiter, 1).Next()!.Value.Fields;
        var columns = new string[names.Count];
        var unknown = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var canonical = ImportKinds.Canonical(kind, names[i]);
            if (canonical is null || columns.Contains(canonical)) unknown.Add(names[i]);
            else columns[i] = canonical;
        }
        if (unknown.Count > 0) throw new ImportFileException("import.csv_column_unknown", string.Join(", ", unknown));
        var missing = ImportKinds.Fields[kind].Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0) throw new ImportFileException("import.csv_columns_missing", string.Join(", ", missing));

        var parser = new CsvParser(reader, delimiter, 2);
        var row = 0;
        while (Decode(parser.Next) is { } record)
        {
            if (record.Fields is [""] && columns.Length > 1) continue; // a blank line
            row++;
            var fields = new Dictionary<string, string?>(columns.Length);
            if (record.Unterminated)
            {
                yield return new SourceRow(row, record.Line, kind, row, fields, "import.csv_unterminated_quote");
                yield break;
            }
            if (record.Fields.Count != columns.Length)
            {
                yield return new SourceRow(row, record.Line, kind, row, fields, "import.csv_field_count", $"{record.Fields.Count}/{columns.Length}");
                continue;
            }
            for (var i = 0; i < columns.Length; i++)
                fields[columns[i]] = Clean(record.Fields[i]);
            yield return new SourceRow(row, record.Line, kind, row, fields);
        }
    }

    private static T Decode<T>(Func<T> read)
    {
        try { return read(); }
        catch (DecoderFallbackException ex) { throw new ImportFileException("import.encoding_invalid", ex.Message); }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks (CR, LF or CRLF).</summary>
    public sealed class CsvParser(TextReader reader, char delimiter, int firstLine)
    {
        private int _line = firstLine;

        public readonly record struct Record(List<string> Fields, int Line, bool Unterminated);

        public Record? Next()
        {
            var c = reader.Read();
            if (c < 0) return null;
            var start = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            while (true)
            {
                if (c < 0)
                {
                    fields.Add(field.ToString());
                    return new Record(fields, start, quoted);
                }
                var ch = (char)c;
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else quoted = false;
                    }
                    else
                    {
                        if (ch == '\n' || (ch == '\r' && reader.Peek() != '\n')) _line++;
                        field.Append(ch);
                    }
                }
                else if (ch == '"' && field.Length == 0) quoted = true;
                else if (ch == delimiter) { fields.Add(field.ToString()); field.Clear(); }
                else if (ch == '\r' || ch == '\n')
                {
                    if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                    _line++;
                    fields.Add(field.ToString());
                    return new Record(fields, start, false);
                }
                else field.Append(ch);
                c = reader.Read();
            }
        }
    }

    // ---- JSON ----

    public static IEnumerable<SourceRow> ReadJson(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex) { throw new ImportFileException("import.json_invalid", ex.Message); }
        catch (DecoderFallbackException ex) { throw new ImportFileException("import.encoding_invalid", ex.Message); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ImportFileException("import.json_shape");
            var sections = Sections(root);
            var row = 0;
            foreach (var (kind, rows) in sections)
            {
                var index = 0;
                foreach (var element in rows.EnumerateArray())
                {
                    row++;
                    index++;
                    yield return JsonRow(row, kind, index, element);
                }
            }
        }
    }

    /// <summary>The sections of a JSON import in processing order: {"kind","rows"} or a bundle {"providers":[…],…}.</summary>
    public static List<(string Kind, JsonElement Rows)> Sections(JsonElement root)
    {
        var properties = root.EnumerateObject().ToList();
        if (properties.Any(p => p.NameEquals("rows")))
        {
            var kind = properties.Where(p => p.NameEquals("kind")).Select(p => p.Value).FirstOrDefault();
            if (kind.ValueKind != JsonValueKind.String || !ImportKinds.IsKnown(kind.GetString()))
                throw new ImportFileException("import.kind_unknown", kind.ValueKind == JsonValueKind.String ? kind.GetString() : null);
            var extra = properties.Where(p => !p.NameEquals("rows") && !p.NameEquals("kind")).Select(p => p.Name).ToList();
            if (extra.Count > 0) throw new ImportFileException("import.section_unknown", string.Join(", ", extra));
            var rows = properties.First(p => p.NameEquals("rows")).Value;
            if (rows.ValueKind != JsonValueKind.Array) throw new ImportFileException("import.json_shape", "rows");
            return [(kind.GetString()!, rows)];
        }
        var unknown = properties.Where(p => !ImportKinds.IsKnown(p.Name)).Select(p => p.Name).ToList();
        if (unknown.Count > 0) throw new ImportFileException("import.section_unknown", string.Join(", ", unknown));
        if (properties.Count == 0) throw new ImportFileException("import.json_shape");
        var bad = properties.Where(p => p.Value.ValueKind != JsonValueKind.Array).Select(p => p.Name).ToList();
        if (bad.Count > 0) throw new ImportFileException("import.json_shape", string.Join(", ", bad));
        return ImportKinds.All.Where(k => properties.Any(p => p.NameEquals(k)))
            .Select(k => (k, properties.Last(p => p.NameEquals(k)).Value)).ToList();
    }

    private static SourceRow JsonRow(int row, string kind, int index, JsonElement element)
    {
        var fields = new Dictionary<string, string?>();
        if (element.ValueKind != JsonValueKind.Object) return new SourceRow(row, null, kind, index, fields, "import.row_not_object");
        foreach (var property in element.EnumerateObject())
        {
            var name = ImportKinds.Canonical(kind, property.Name);
            if (name is null) return new SourceRow(row, null, kind, index, fields, "import.field_unknown", property.Name);
            var value = property.Value;
            fields[name] = value.ValueKind switch
            {
                JsonValueKind.String => Clean(value.GetString()),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Array when name == "acceptedProofs" && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                    string.Join(';', value.EnumerateArray().Select(v => v.GetString())),
                _ => value.GetRawText(),
            };
        }
        return new SourceRow(row, null, kind, index, fields);
    }
}
