using System.Net;

namespace Gateway.Testing;

/// <summary>The <see cref="HttpContent"/> of a response the app started: its body streams from
/// <see cref="ResponseBodyStream"/>, with no length known in advance (the app's <c>content-length</c>, if any, is in the
/// content headers).</summary>
internal sealed class ResponseBodyContent : HttpContent
{
    private readonly ResponseBodyStream _body;

    public ResponseBodyContent(ResponseBodyStream body) => _body = body;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _body.CopyToAsync(stream, cancellationToken);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _body.CopyTo(stream);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_body);

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => _body;

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }
}