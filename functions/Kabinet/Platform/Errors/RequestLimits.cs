using Microsoft.AspNetCore.Http.Features;

namespace Kabinet.Platform.Errors;

/// <summary>
/// Bodies over 1 MiB are refused with 413. The handler sits behind a proxy (the Functions host, or
/// the LocalHost's YARP) that is still sending when the handler decides: answering without reading
/// the rest breaks the proxy's upload and turns the 413 into a 502. So a refused body is read to the
/// end and thrown away, up to <see cref="DrainBytes"/>; past that the connection is simply closed.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;
    /// <summary>The server's own limit: what a refused body may still be drained to.</summary>
    public const long DrainBytes = 32 * 1024 * 1024;

    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await DrainAsync(http.Request.Body, http.RequestAborted);
                await Problems.Write(http, StatusCodes.Status413PayloadTooLarge, "request.too_large");
                return;
            }
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
                serverLimit.MaxRequestBodySize = DrainBytes;
            http.Request.Body = new LimitedBodyStream(http.Request.Body, MaxBodyBytes);
            await next(http);
        });

    /// <summary>Reads what is left of a refused body; gives up quietly when the server's limit or the client stops it.</summary>
    public static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        var source = body is LimitedBodyStream limited ? limited.Inner : body;
        try
        {
            await source.CopyToAsync(Stream.Null, ct);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException) { }
    }
}

/// <summary>A request body that throws a 413 BadHttpRequestException past its limit, whatever the server.</summary>
public sealed class LimitedBodyStream(Stream inner, long limit) : Stream
{
    private long _read;
    public Stream Inner => inner;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct);
        Count(n);
        return n;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        await ReadAsync(buffer.AsMemory(offset, count), ct);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Count(n);
        return n;
    }

    private void Count(int n)
    {
        _read += n;
        if (_read > limit) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
