using System.Text.Json;

namespace Kabinet.Operators;

/// <summary>
/// Streams a JSON document through <see cref="Utf8JsonReader"/>. The buffer holds the token being read (and, for a
/// subclass that sets <see cref="KeepFrom"/>, the element being captured); it grows only up to the record cap, past
/// which the file fails with import.record_too_long instead of the buffer growing with the file.
/// </summary>
public abstract class JsonStreamScanner(Stream stream, int maxRecordBytes)
{
    private const int ReadSize = 16 * 1024;
    private byte[] _buffer = new byte[ReadSize];
    private int _pos, _len;
    private long _base;
    private bool _eof, _started, _stopped;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 16 });

    /// <summary>The absolute offset from which bytes must stay in the buffer, or -1.</summary>
    protected long KeepFrom { get; set; } = -1;
    protected int MaxRecordBytes => maxRecordBytes;

    protected void Stop() => _stopped = true;

    /// <summary>Bytes [from, to) of the document; only valid while they are kept.</summary>
    protected ReadOnlyMemory<byte> Slice(long from, long to) => _buffer.AsMemory((int)(from - _base), (int)(to - from));

    /// <summary>Handles one token at absolute offsets [start, end).</summary>
    protected abstract void Token(ref Utf8JsonReader reader, long start, long end);

    /// <summary>Where the reader is, for a failure's detail.</summary>
    protected abstract string Where(long offset);

    /// <summary>Reads the tokens the buffer holds, then more of the stream; false when the document (or the scan) is over.</summary>
    public bool Step()
    {
        if (_stopped) return false;
        if (!_started)
        {
            _started = true;
            Fill();
            if (_len >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _pos = 3;
        }
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _len - _pos), _eof, _state);
        var offset = _base + _pos;
        while (!_stopped && reader.Read())
        {
            Token(ref reader, offset + reader.TokenStartIndex, offset + reader.BytesConsumed);
            if (KeepFrom >= 0 && offset + reader.BytesConsumed - KeepFrom > maxRecordBytes) TooLong(KeepFrom);
        }
        _pos += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (_stopped || _eof) return false;
        Fill();
        return true;
    }

    private void Fill()
    {
        var keep = KeepFrom >= 0 ? (int)(KeepFrom - _base) : _pos;
        if (keep > 0)
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, _len - keep);
            _len -= keep;
            _pos -= keep;
            _base += keep;
        }
        if (_len == _buffer.Length)
        {
            // A token (or kept element) that does not fit in a record's worth of buffer.
            var max = maxRecordBytes + ReadSize;
            if (_buffer.Length >= max) TooLong(KeepFrom >= 0 ? KeepFrom : _base + _pos);
            Array.Resize(ref _buffer, Math.Min(max, _buffer.Length * 2));
        }
        var n = stream.Read(_buffer, _len, _buffer.Length - _len);
        if (n == 0) _eof = true;
        _len += n;
    }

    private void TooLong(long offset) =>
        throw new ImportFileException("import.record_too_long", $"{Where(offset)}: over {maxRecordBytes} bytes (byte {offset})");
}

/// <summary>
/// Pass 1 over a JSON import: checks the whole document (syntax, depth, no element over the record cap) and finds
/// where each top-level property's value starts and how many elements its array has.
/// </summary>
public sealed class JsonLayout : JsonStreamScanner
{
    public sealed class Property(string name)
    {
        public string Name { get; } = name;
        public JsonTokenType Type { get; set; } = JsonTokenType.None;
        /// <summary>A string value, cut to 100 characters.</summary>
        public string? Text { get; set; }
        public long Start { get; set; }
        public int Count { get; set; }
    }

    private Property? _current;
    private long _elementStart = -1;

    private JsonLayout(Stream stream, int maxRecordBytes) : base(stream, maxRecordBytes) { }

    public bool RootIsObject { get; private set; }
    /// <summary>The first and the last occurrence of each known name ("kind", "rows" and the kinds).</summary>
    public Dictionary<string, Property> First { get; } = [];
    public Dictionary<string, Property> Last { get; } = [];
    /// <summary>Other names (the first 20).</summary>
    public List<string> Unknown { get; } = [];

    public static List<ImportSources.JsonSection> Scan(Stream stream, int maxRecordBytes)
    {
        var layout = new JsonLayout(stream, maxRecordBytes);
        while (layout.Step()) { }
        return ImportSources.Sections(layout);
    }

    protected override string Where(long offset) => _current is { } p ? $"{p.Name}[{p.Count}]" : "the document";

    protected override void Token(ref Utf8JsonReader reader, long start, long end)
    {
        var depth = reader.CurrentDepth;
        var type = reader.TokenType;
        if (depth == 0)
        {
            if (type == JsonTokenType.StartObject) RootIsObject = true;
            return;
        }
        if (!RootIsObject) return;
        if (depth == 1)
        {
            if (type == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                _current = null;
                if (name is "kind" or "rows" || ImportKinds.IsKnown(name))
                {
                    _current = new Property(name);
                    First.TryAdd(name, _current);
                    Last[name] = _current;
                }
                else if (Unknown.Count < 20 && !Unknown.Contains(name)) Unknown.Add(name.Length > 100 ? name[..100] : name);
                return;
            }
            if (_current is { Type: JsonTokenType.None } p)
            {
                p.Type = type;
                p.Start = start;
                if (type == JsonTokenType.String) { var text = reader.GetString()!; p.Text = text.Length > 100 ? text[..100] : text; }
            }
            return;
        }
        if (_current is not { Type: JsonTokenType.StartArray } section) return;
        if (depth == 2 && type is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
            section.Count++;
            _elementStart = start;
        }
        if (end - _elementStart > MaxRecordBytes)
            throw new ImportFileException("import.record_too_long", $"{section.Name}[{section.Count}]: over {MaxRecordBytes} bytes (byte {_elementStart})");
    }
}

/// <summary>Pass 2: the elements of one section array, read from its '[' on; each is parsed on its own (at most the record cap).</summary>
public sealed class JsonElements(Stream stream, int maxRecordBytes, string kind) : JsonStreamScanner(stream, maxRecordBytes)
{
    private int _index;

    public readonly record struct Element(int Index, JsonElement Value);

    public List<Element> Ready { get; } = [];

    protected override string Where(long offset) => $"{kind}[{_index}]";

    protected override void Token(ref Utf8JsonReader reader, long start, long end)
    {
        var depth = reader.CurrentDepth;
        var type = reader.TokenType;
        if (depth == 0)
        {
            if (type == JsonTokenType.EndArray) Stop();
            return;
        }
        if (depth != 1) return;
        if (type is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _index++;
            KeepFrom = start;
            return;
        }
        if (type is JsonTokenType.EndObject or JsonTokenType.EndArray)
        {
            using var document = JsonDocument.Parse(Slice(KeepFrom, end));
            Ready.Add(new Element(_index, document.RootElement.Clone()));
            KeepFrom = -1;
            return;
        }
        _index++;
        Ready.Add(new Element(_index, default)); // not an object: rejected as such
    }
}
