using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Kabinet.Tests.Infrastructure;

namespace Kabinet.Tests.Operators;

/// <summary>
/// A file made on the fly from parts, each repeated: a 50 MB file is streamed to storage without the test
/// holding it in memory.
/// </summary>
public sealed class GeneratedStream(IEnumerable<(byte[] Bytes, long Repeat)> parts) : Stream
{
    private readonly IEnumerator<byte[]> _pieces = Pieces(parts).GetEnumerator();
    private byte[] _current = [];
    private int _offset;
    private long _position;

    public static GeneratedStream Of(params (string Text, long Repeat)[] parts) => new(parts.Select(p => (Encoding.UTF8.GetBytes(p.Text), p.Repeat)).ToArray());

    private static IEnumerable<byte[]> Pieces(IEnumerable<(byte[] Bytes, long Repeat)> parts)
    {
        foreach (var (bytes, repeat) in parts)
        {
            if (bytes.Length == 0) continue;
            // Repeated in pieces of about 64 KiB.
            var perPiece = Math.Max(1, 64 * 1024 / bytes.Length);
            var piece = Enumerable.Repeat(bytes, perPiece).SelectMany(b => b).ToArray();
            var left = repeat;
            while (left >= perPiece) { yield return piece; left -= perPiece; }
            for (; left > 0; left--) yield return bytes;
        }
    }

    public static long LengthOf(params (string Text, long Repeat)[] parts) => parts.Sum(p => Encoding.UTF8.GetByteCount(p.Text) * p.Repeat);

    public override int Read(byte[] buffer, int offset, int count)
    {
        while (_offset == _current.Length)
        {
            if (!_pieces.MoveNext()) return 0;
            _current = _pieces.Current;
            _offset = 0;
        }
        var n = Math.Min(count, _current.Length - _offset);
        Buffer.BlockCopy(_current, _offset, buffer, offset, n);
        _offset += n;
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public static class HostileUploads
{
    private static readonly BlobContainerClient Container = new BlobServiceClient(TestEnvironment.StorageConnectionString).GetBlobContainerClient("imports");

    /// <summary>Streams the parts to imports/uploads/…{extension} and returns the reference "imports/…".</summary>
    public static async Task<string> UploadAsync(string extension, params (string Text, long Repeat)[] parts)
    {
        await Container.CreateIfNotExistsAsync();
        var name = $"uploads/{TestEnvironment.UniqueName("hostile")}{extension}";
        await using var stream = GeneratedStream.Of(parts);
        await Container.GetBlobClient(name).UploadAsync(stream);
        return "imports/" + name;
    }
}

/// <summary>
/// The memory of the shared LocalHost's handler process (the one that processes imports), read from /proc:
/// the pid is the process holding the handler's listening socket.
/// </summary>
public static class HandlerMemory
{
    public static int FindPid(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = cols[1];
                if (cols[3] == "0A" && int.Parse(local[(local.IndexOf(':') + 1)..], NumberStyles.HexNumber) == port) inodes.Add(cols[9]);
            }
        }
        Assert.AreNotEqual(0, inodes.Count, $"no socket listens on {port}");
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[") && inodes.Contains(target[8..^1])) return int.Parse(Path.GetFileName(dir));
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }
        }
        Assert.Fail($"no process holds the socket on port {port}");
        return 0;
    }

    /// <summary>VmHWM (peak resident set) and VmRSS of the process, in MiB.</summary>
    public static (double PeakMiB, double RssMiB) Read(int pid)
    {
        double Kb(string key) => double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":"))[(key.Length + 1)..].Trim().Split(' ')[0]) / 1024;
        return (Kb("VmHWM"), Kb("VmRSS"));
    }

    /// <summary>Starts a new peak (writing 5 to clear_refs resets VmHWM to the current RSS); false if the kernel does not allow it.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { return false; }
    }
}
