using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Host.Http;

/// <summary>
/// Refuses bodies over <c>Api:MaxBodyBytes</c> (default 1 MiB) with 413 before anything reads them: by Content-Length
/// up front, and for chunked bodies through the server's own limit (or, on a server without one, a counting stream),
/// which throws while reading. Minimal APIs turn that throw into a bare 413 while binding the body, so a 413 that comes
/// back without a body gets the PAYLOAD_TOO_LARGE envelope here.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 1024 * 1024;

    private readonly long _maxBytes = configuration.GetValue("Api:MaxBodyBytes", DefaultMaxBytes);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBytes)
        {
            // This runs before the rate limiter; the response still carries the X-RateLimit-* headers every /v1 response has.
            context.RequestServices.GetService<Bridge.Host.RateLimiting.ApiRateLimiting>()?.WriteCurrentHeaders(context);
            await ApiErrors.WriteAsync(context, 413, TooLarge(context));
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = _maxBytes;
        else if (context.Request.ContentLength is null)
            context.Request.Body = new CappedStream(context.Request.Body, _maxBytes); // a server without the feature (test host)
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            await ApiErrors.WriteAsync(context, 413, TooLarge(context));
    }

    /// <summary>Counts what is read and throws the server's own 413 exception once more than the limit was read.</summary>
    private sealed class CappedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > maxBytes)
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }
    }

    public static ApiError TooLarge(HttpContext context)
    {
        var max = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Api:MaxBodyBytes", DefaultMaxBytes);
        return new ApiError("PAYLOAD_TOO_LARGE", $"The request body is larger than {max} bytes; nothing was stored.");
    }
}
