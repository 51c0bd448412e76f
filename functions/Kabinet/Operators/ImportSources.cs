using System.Text;
using System.Text.Json;

namespace Kabinet.Operators;

/// <summary>The kinds of data an import loads, in the order a bundle is processed, and their columns.</summary>
public static class ImportKinds
{
    public const string Bundle = "bundle";

    public static readonly string[] All = ["providers", "services", "tariffs", "norms", "keyrates", "accounts", "meters", "ledger", "payments", "bills", "readings"];

    public sealed record Columns(string[] Required, string[] Optional)
    {
        public IEnumerable<string> All => Required.Concat(Optional);
    }

    public static readonly IReadOnlyDictionary<string, Columns> Fields = new Dictionary<string, Columns>
    {
        ["providers"] = new(["providerId", "name"], ["inn", "kpp", "ogrn", "legalAddress", "phone", "email", "website", "timeZone", "readingsDay", "billDueDay", "acceptedProofs", "plausibleAbove", "plausibleBelow", "quietHoursFrom", "quietHoursTo", "bankName", "bic", "correspondentAccount", "settlementAccount"]),
        ["services"] = new(["providerId", "service", "name"], ["unit", "kind", "fixedAmount"]),
        ["tariffs"] = new(["providerId", "service", "zoneSet", "effectiveFrom"], ["bandUpTo", "T1", "day", "night", "peak", "semipeak", "zoneHours"]),
        ["norms"] = new(["providerId", "rooms", "residents", "stove", "kwhPerPerson"], []),
        ["accounts"] = new(["providerId", "number"], ["holderName", "address", "rooms", "residents", "area", "stove", "openingBalance", "openingDueDate"]),
        ["meters"] = new(["providerId", "accountNumber", "serial"], ["model", "service", "zoneSet", "digits", "fractionDigits", "installedOn", "verifiedUntil", "accuracyClass", "location", "remoteRead", "state"]),
        ["keyrates"] = new(["effectiveFrom", "rate"], []),
        ["ledger"] = new(["providerId", "accountNumber", "date", "kind", "amount"], ["dueDate", "service", "documentNumber", "description", "period", "channel", "corrects"]),
        ["payments"] = new(["providerId", "accountNumber", "date", "amount", "documentNumber"], ["channel"]),
        ["bills"] = new(["providerId", "accountNumber", "period", "total"], ["dueDate", "status", "amountDue"]),
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

    /// <summary>
    /// The rows of a file, streamed: <paramref name="open"/> opens the file at a byte offset (JSON is read twice:
    /// once to check it and find its sections, then each section in processing order). No record over
    /// <paramref name="maxRecordBytes"/> is ever held in memory.
    /// </summary>
    public static IEnumerable<SourceRow> Read(Func<long, Stream> open, string format, string kind, int maxRecordBytes) =>
        format == "json" ? ReadJson(open, maxRecordBytes) : ReadCsv(open(0), kind, maxRecordBytes);

    // ---- CSV ----

    public static IEnumerable<SourceRow> ReadCsv(Stream stream, string kind, int maxRecordBytes)
    {
        using var reader = Utf8Reader(stream);
        var chars = new CharReader(reader);
        var header = Decode(() => HeaderLine(chars, maxRecordBytes));
        if (header is null) throw new ImportFileException("import.csv_empty");
        if (header.Length > 0 && header[0] == '\uFEFF') header = header[1..];
        if (string.IsNullOrWhiteSpace(header)) throw new ImportFileException("import.csv_empty");
        var delimiter = header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
        var names = new CsvParser(new CharReader(new StringReader(header)), delimiter, 1).Next()!.Value.Fields;
        var columns = new string[names.Count];
        var unknown = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var canonical = ImportKinds.Canonical(kind, names[i]);
            if (canonical is null || columns.Contains(canonical)) { if (unknown.Count < 20) unknown.Add(names[i].Length > 100 ? names[i][..100] : names[i]); }
            else columns[i] = canonical;
        }
        if (unknown.Count > 0) throw new ImportFileException("import.csv_column_unknown", string.Join(", ", unknown));
        var missing = ImportKinds.Fields[kind].Required.Where(r => !columns.Contains(r)).ToList();
        if (missing.Count > 0) throw new ImportFileException("import.csv_columns_missing", string.Join(", ", missing));

        var parser = new CsvParser(chars, delimiter, 2, maxRecordBytes);
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
            if (record.TooLong)
            {
                yield return new SourceRow(row, record.Line, kind, row, fields, "import.record_too_long", $"> {maxRecordBytes} bytes");
                continue;
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

    /// <summary>The first physical line, at most <paramref name="maxBytes"/> (UTF-8); null for an empty file.</summary>
    private static string? HeaderLine(CharReader reader, int maxBytes)
    {
        var line = new StringBuilder();
        long bytes = 0;
        while (true)
        {
            var c = reader.Read();
            if (c < 0) return line.Length == 0 ? null : line.ToString();
            if (c == '\n') return line.ToString();
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                return line.ToString();
            }
            bytes += Utf8Length((char)c);
            if (bytes > maxBytes) throw new ImportFileException("import.header_too_long", $"> {maxBytes} bytes");
            line.Append((char)c);
        }
    }

    private static int Utf8Length(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

    private static T Decode<T>(Func<T> read)
    {
        try { return read(); }
        catch (DecoderFallbackException ex) { throw new ImportFileException("import.encoding_invalid", ex.Message); }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// One character of look-ahead that waits for data. StreamReader.Peek answers -1 whenever its last read of
    /// a network stream came back short, which would split a CRLF or a doubled quote at a buffer boundary.
    /// </summary>
    public sealed class CharReader(TextReader inner)
    {
        private int _peeked = -2;

        public int Read()
        {
            if (_peeked == -2) return inner.Read();
            var c = _peeked;
            _peeked = -2;
            return c;
        }

        public int Peek() => _peeked == -2 ? _peeked = inner.Read() : _peeked;
    }

    /// <summary>
    /// RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks (CR, LF or CRLF).
    /// A record over <c>maxRecordBytes</c> is still read to its end (so the next one starts in the right place)
    /// but its text is dropped: an unclosed quote costs time, never memory.
    /// </summary>
    public sealed class CsvParser(CharReader reader, char delimiter, int firstLine, int maxRecordBytes = int.MaxValue)
    {
        private int _line = firstLine;

        public readonly record struct Record(List<string> Fields, int Line, bool Unterminated, bool TooLong = false);

        public Record? Next()
        {
            var c = reader.Read();
            if (c < 0) return null;
            var start = _line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var fieldChars = 0;
            var quoted = false;
            var tooLong = false;
            long bytes = 0;
            while (true)
            {
                if (c < 0)
                {
                    if (!tooLong) fields.Add(field.ToString());
                    return new Record(fields, start, quoted, tooLong);
                }
                var ch = (char)c;
                if (!tooLong && (bytes += Utf8Length(ch)) > maxRecordBytes)
                {
                    tooLong = true;
                    fields.Clear();
                    field.Clear();
                    field.Capacity = 0;
                }
                if (quoted)
                {
                    if (ch == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); Append('"'); }
                        else quoted = false;
                    }
                    else
                    {
                        if (ch == '\n' || (ch == '\r' && reader.Peek() != '\n')) _line++;
                        Append(ch);
                    }
                }
                else if (ch == '"' && fieldChars == 0) quoted = true;
                else if (ch == delimiter)
                {
                    if (!tooLong) fields.Add(field.ToString());
                    field.Clear();
                    fieldChars = 0;
                }
                else if (ch == '\r' || ch == '\n')
                {
                    if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                    _line++;
                    if (!tooLong) fields.Add(field.ToString());
                    return new Record(fields, start, false, tooLong);
                }
                else Append(ch);
                c = reader.Read();
            }

            void Append(char ch)
            {
                fieldChars++;
                if (!tooLong) field.Append(ch);
            }
        }
    }

    // ---- JSON ----

    /// <summary>Checks the whole document first (as a bad file fails before any row loads), then reads its sections in processing order.</summary>
    public static IEnumerable<SourceRow> ReadJson(Func<long, Stream> open, int maxRecordBytes)
    {
        List<JsonSection> sections;
        using (var stream = open(0)) sections = Json(() => JsonLayout.Scan(stream, maxRecordBytes));
        var row = 0;
        foreach (var section in sections)
        {
            if (section.Count == 0) continue;
            using var stream = open(section.Start);
            var elements = new JsonElements(stream, maxRecordBytes, section.Kind);
            while (Json(elements.Step))
            {
                foreach (var element in elements.Ready)
                {
                    row++;
                    yield return JsonRow(row, section.Kind, element.Index, element.Value);
                }
                elements.Ready.Clear();
            }
            foreach (var element in elements.Ready)
            {
                row++;
                yield return JsonRow(row, section.Kind, element.Index, element.Value);
            }
        }
    }

    private static T Json<T>(Func<T> read)
    {
        try { return read(); }
        catch (JsonException ex) { throw new ImportFileException("import.json_invalid", ex.Message); }
        catch (DecoderFallbackException ex) { throw new ImportFileException("import.encoding_invalid", ex.Message); }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException) { throw new ImportFileException("import.encoding_invalid", ex.Message); }
    }

    /// <summary>A section array of a JSON import: its kind, where its '[' is in the file, and how many elements it has.</summary>
    public sealed record JsonSection(string Kind, long Start, int Count);

    /// <summary>The sections of a JSON import in processing order: {"kind","rows"} or a bundle {"providers":[…],…}.</summary>
    public static List<JsonSection> Sections(JsonLayout layout)
    {
        if (!layout.RootIsObject) throw new ImportFileException("import.json_shape");
        var first = layout.First;
        if (first.ContainsKey("rows"))
        {
            var kind = first.GetValueOrDefault("kind");
            if (kind is null || kind.Type != JsonTokenType.String || !ImportKinds.IsKnown(kind.Text))
                throw new ImportFileException("import.kind_unknown", kind?.Type == JsonTokenType.String ? kind.Text : null);
            var extra = first.Keys.Where(k => k is not ("rows" or "kind")).Concat(layout.Unknown).ToList();
            if (extra.Count > 0) throw new ImportFileException("import.section_unknown", string.Join(", ", extra));
            var rows = first["rows"];
            if (rows.Type != JsonTokenType.StartArray) throw new ImportFileException("import.json_shape", "rows");
            return [new JsonSection(kind.Text!, rows.Start, rows.Count)];
        }
        var unknown = first.Keys.Where(k => !ImportKinds.IsKnown(k)).Concat(layout.Unknown).ToList();
        if (unknown.Count > 0) throw new ImportFileException("import.section_unknown", string.Join(", ", unknown));
        if (first.Count == 0) throw new ImportFileException("import.json_shape");
        var bad = layout.Last.Values.Where(p => p.Type != JsonTokenType.StartArray).Select(p => p.Name).ToList();
        if (bad.Count > 0) throw new ImportFileException("import.json_shape", string.Join(", ", bad));
        return ImportKinds.All.Where(layout.Last.ContainsKey).Select(k => new JsonSection(k, layout.Last[k].Start, layout.Last[k].Count)).ToList();
    }

    private static SourceRow JsonRow(int row, string kind, int index, JsonElement element)
    {
        var fields = new Dictionary<string, string?>();
        if (element.ValueKind != JsonValueKind.Object) return new SourceRow(row, null, kind, index, fields, "import.row_not_object");
        if (Kabinet.Platform.Json.ValidText.FindInvalid(element) is { } invalid) return new SourceRow(row, null, kind, index, fields, "import.text_invalid", invalid);
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
