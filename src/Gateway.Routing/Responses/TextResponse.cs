using System.Text;

namespace Gateway.Routing;

/// <summary>A text body, UTF-8 encoded, with <c>content-length</c>. Reusable: it holds no per-response state.</summary>
public sealed class TextResponse : Response
{
    private readonly byte[] _body;

    /// <summary>Creates the response.</summary>
    /// <param name="text">The text.</param>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The content type; <c>text/plain; charset=utf-8</c> by default (use
    /// <c>text/html; charset=utf-8</c> for HTML).</param>
    /// <param name="headers">Extra headers, or null.</param>
    public TextResponse(string text, int status = 200, string contentType = "text/plain; charset=utf-8", IReadOnlyList<Header>? headers = null)
        : base(status, headers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        _body = Encoding.UTF8.GetBytes(text);
        ContentType = contentType;
    }

    /// <summary>The content type.</summary>
    public string ContentType { get; }

    /// <inheritdoc />
    public override async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(send);
        await send(new HttpResponseStart(Status, BuildHeaders(ContentType, _body.Length)), scope.Aborted).ConfigureAwait(false);
        await send(new HttpResponseBody(_body), scope.Aborted).ConfigureAwait(false);
    }
}