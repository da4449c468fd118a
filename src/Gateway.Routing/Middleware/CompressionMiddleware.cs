using System.Globalization;
using System.IO.Compression;

namespace Gateway.Routing;

/// <summary>
/// Compresses response bodies with Brotli or gzip (System.IO.Compression) as the request's <c>Accept-Encoding</c>
/// allows, adding <c>Content-Encoding</c> and <c>Vary: Accept-Encoding</c>. A body sent in one message shorter than
/// <see cref="CompressionOptions.MinimumSize"/> is left alone; a streamed body is compressed chunk by chunk, each
/// flushed as it comes (memory: one compressed chunk). Responses that already have a <c>Content-Encoding</c>, excluded
/// content types (<c>text/event-stream</c> ...), 204/206/304 and <c>HEAD</c> responses pass through.
/// </summary>
/// <remarks>
/// <para>A compressed response is another representation of the resource: its <c>ETag</c> is made weak
/// (<c>W/"…"</c>) and its <c>Accept-Ranges</c> dropped, so that a <see cref="FileResponse"/> or
/// <see cref="StaticFiles"/> behind this middleware still answers <c>If-None-Match</c> with 304 (weak comparison) while
/// never claiming byte-identity across encodings; a range request gets the uncompressed 206.</para>
/// <para>The inner app's scope loses <see cref="IHttpResponseFileCapability"/>, since a file the server sends itself
/// could not be compressed.</para>
/// </remarks>
public sealed class CompressionMiddleware
{
    private readonly GatewayApp _next;
    private readonly CompressionOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    public CompressionMiddleware(GatewayApp next, CompressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _options = options ?? new CompressionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MinimumSize);
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <param name="options">The options, or null.</param>
    /// <returns>The middleware.</returns>
    public static Middleware Create(CompressionOptions? options = null) => next => new CompressionMiddleware(next, options).Invoke;

    /// <summary>Picks the encoding from an <c>Accept-Encoding</c> value: the highest q-value among <c>br</c> and
    /// <c>gzip</c> (and <c>*</c>), Brotli on ties; none when both are refused or absent.</summary>
    /// <param name="acceptEncoding">The header value, or null.</param>
    /// <param name="brotli">Whether Brotli is enabled.</param>
    /// <param name="gzip">Whether gzip is enabled.</param>
    /// <returns><c>br</c>, <c>gzip</c> or null.</returns>
    public static string? Negotiate(string? acceptEncoding, bool brotli = true, bool gzip = true)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return null;
        }

        double br = -1, gz = -1, any = -1;
        foreach (var item in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var semicolon = item.IndexOf(';', StringComparison.Ordinal);
            var coding = (semicolon < 0 ? item : item[..semicolon]).Trim();
            var q = 1.0;
            if (semicolon >= 0)
            {
                var parameter = item[(semicolon + 1)..].Trim();
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && !double.TryParse(parameter.AsSpan(2), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q))
                {
                    q = 0;
                }
            }

            if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                br = q;
            }
            else if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                gz = q;
            }
            else if (coding == "*")
            {
                any = q;
            }
        }

        br = br < 0 ? any : br;
        gz = gz < 0 ? any : gz;
        if (!brotli)
        {
            br = -1;
        }

        if (!gzip)
        {
            gz = -1;
        }

        if (br <= 0 && gz <= 0)
        {
            return null;
        }

        return br >= gz ? "br" : "gzip";
    }

    /// <summary>Runs the wrapped app, compressing its response when that pays.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var encoding = scope.Type == ScopeType.Http && scope.Method != HttpMethods.Head
            ? Negotiate(scope.Headers.GetValue("accept-encoding"), _options.EnableBrotli, _options.EnableGzip)
            : null;
        if (encoding is null)
        {
            await _next(scope, receive, send).ConfigureAwait(false);
            return;
        }

        var responder = new CompressingSender(send, encoding, _options);
        var child = scope with { Extensions = scope.Extensions.Without<IHttpResponseFileCapability>() };
        try
        {
            await _next(child, receive, responder.SendAsync).ConfigureAwait(false);
        }
        finally
        {
            responder.Dispose();
        }
    }
}