using System.Buffers;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>
/// Drives the parser and the body decoders the way the connection will (head, then body by its framing, then the next
/// request), recording a <see cref="Http1Transcript"/>. Each <see cref="Step"/> is one call into the protocol code.
/// </summary>
internal sealed class Http1TestMachine
{
    private readonly Http1RequestParser _parser;
    private readonly HeadersBuilder _headers = new();
    private readonly HeadersBuilder _trailers = new();
    private readonly Http1ContentLengthDecoder _contentLength = new();
    private readonly Http1ChunkedDecoder _chunked;
    private IHttp1BodyDecoder? _body;
    private ParsedRequest? _current;

    private readonly bool _segmentAtATime;

    /// <param name="limits">The parser limits.</param>
    /// <param name="segmentAtATime">Read bodies through the <see cref="IHttp1BodyDecoder.TryReadSegment"/>.</param>
    public Http1TestMachine(Http1ParserLimits? limits = null, bool segmentAtATime = false)
    {
        _segmentAtATime = segmentAtATime;
        _parser = new Http1RequestParser(limits);
        _chunked = new Http1ChunkedDecoder(limits);
        _parser.Reset();
    }

    public Http1Transcript Transcript { get; } = new();

    public bool InBody => _body is not null;

    public bool HasRequestLine => _parser.HasRequestLine;

    /// <summary>One call into the protocol code.</summary>
    /// <returns>Whether to call again on the same input (progress was made and input may remain).</returns>
    public bool Step(ref SequenceReader<byte> reader)
    {
        if (_body is null)
        {
            if (!_parser.TryParseHead(ref reader, _headers))
            {
                return false;
            }

            var head = _parser.Head;
            _current = new ParsedRequest(head, _headers.Build());
            Transcript.Requests.Add(_current);
            _trailers.Clear();
            switch (head.BodyKind)
            {
                case Http1BodyKind.Chunked:
                    _chunked.Reset(_trailers);
                    _body = _chunked;
                    break;
                default:
                    _contentLength.Reset(head.BodyKind == Http1BodyKind.ContentLength ? head.ContentLength : 0);
                    _body = _contentLength;
                    break;
            }

            return true;
        }

        if (_segmentAtATime)
        {
            if (!_body.TryReadSegment(ref reader, out var memory))
            {
                return false;
            }

            _current!.Body.Write(memory.Span);
        }
        else
        {
            if (!_body.TryRead(ref reader, out var data))
            {
                return false;
            }

            foreach (var segment in data)
            {
                _current!.Body.Write(segment.Span);
            }
        }

        Assert.Equal(_current!.Body.Length, _body.DecodedBytes);
        if (_body.IsComplete)
        {
            _current.BodyComplete = true;
            _current.Trailers = ReferenceEquals(_body, _chunked) ? _trailers.Build() : null;
            _body = null;
            _parser.Reset();
            _headers.Clear();
        }

        return true;
    }

    /// <summary>Records a rejection: the body bytes of a request cut short are dropped, since how many were handed out
    /// before the error depends on how the input was split.</summary>
    public void Fail(Http1BadRequestException error)
    {
        if (_current is not null && !_current.BodyComplete && _body is not null)
        {
            _current.Body.SetLength(0);
        }

        Transcript.Error = error;
        Transcript.End = "error";
    }
}