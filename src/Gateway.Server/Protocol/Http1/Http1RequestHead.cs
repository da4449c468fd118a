using System.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// A validated request head: the request line, and what the header fields mean for framing and connection management.
/// One instance per connection, owned by <see cref="Http1RequestParser"/> and refilled for every request.
/// </summary>
/// <remarks>
/// <para>Lifetimes. <see cref="Method"/> and <see cref="Path"/> are strings; <see cref="RawTarget"/>,
/// <see cref="RawPath"/>, <see cref="Query"/> and <see cref="Authority"/> point into arrays the parser allocated for
/// them and never writes again, so a Scope may keep them. Nothing here points into the connection's input buffer.
/// Everything else is a value. The instance itself is reused: read it before the next <see cref="Http1RequestParser.Reset"/>.</para>
/// <para>Semantics checked as fields arrive (RFC 9110/9112): Content-Length is one run of digits (no sign, space or list),
/// at most once; Transfer-Encoding may only end with a single <c>chunked</c> (other codings 501), never on HTTP/1.0; Host
/// is at most once and valid, and required and non-empty on HTTP/1.1; Expect may only be <c>100-continue</c> (else 417; ignored on
/// HTTP/1.0, RFC 9110 §10.1.1); Connection is a token list; Upgrade counts only on HTTP/1.1 (RFC 9110 §7.8). The framing
/// and persistence decisions are <see cref="Http1RequestFraming"/>'s tables.</para>
/// </remarks>
internal sealed class Http1RequestHead
{
    private static readonly byte[] SlashPath = "/"u8.ToArray();

    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private bool _connectionUpgrade;
    private bool _upgradeHeader;
    private bool _upgradeWebSocket;
    private int _hostCount;
    private bool _transferEncodingSeen;
    private bool _chunkedSeen;
    private bool _codingAfterChunked;
    private bool _unsupportedCoding;
    private ReadOnlyMemory<byte> _host;

    internal Http1RequestHead()
    {
        Reset();
    }

    /// <summary>The method; an interned string for the standard ones (compare <see cref="Http1Methods"/> by reference).</summary>
    public string Method { get; private set; } = Http1Methods.Get;

    /// <summary>Whether the method is HEAD (the response has no body).</summary>
    public bool IsHeadMethod => ReferenceEquals(Method, Http1Methods.Head);

    /// <summary>The request version.</summary>
    public Http1Version Version { get; private set; }

    /// <summary>The version as a shared <see cref="System.Version"/> instance, for <c>Scope.HttpVersion</c>.</summary>
    public Version HttpVersion => Version == Http1Version.Http11 ? System.Net.HttpVersion.Version11 : System.Net.HttpVersion.Version10;

    /// <summary>The form of the request target.</summary>
    public Http1TargetForm TargetForm { get; private set; }

    /// <summary>The request target exactly as received.</summary>
    public ReadOnlyMemory<byte> RawTarget { get; private set; }

    /// <summary>The path as received (still percent-encoded): <c>/</c> for an absolute form without a path, <c>*</c>
    /// for the asterisk form.</summary>
    public ReadOnlyMemory<byte> RawPath { get; private set; }

    /// <summary>The bytes after <c>?</c>, still percent-encoded; empty when there is no query.</summary>
    public ReadOnlyMemory<byte> Query { get; private set; }

    /// <summary>The percent-decoded path (UTF-8), for <c>Scope.Path</c>.</summary>
    public string Path { get; private set; } = "/";

    /// <summary>The authority the request is for: the absolute form's (which overrides Host, RFC 9112 §3.2.2), else
    /// Host's value; empty when neither (HTTP/1.0 without Host, or an empty Host).</summary>
    public ReadOnlyMemory<byte> Authority => TargetForm == Http1TargetForm.Absolute ? TargetAuthority : _host;

    /// <summary>How the body is delimited.</summary>
    public Http1BodyKind BodyKind { get; private set; }

    /// <summary>The Content-Length when <see cref="BodyKind"/> is <see cref="Http1BodyKind.ContentLength"/>; otherwise -1.</summary>
    public long ContentLength { get; private set; }

    /// <summary>Whether the connection may serve another request after this one, as far as the request goes.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Whether the client sent <c>Expect: 100-continue</c> (HTTP/1.1): send 100 Continue before reading the body,
    /// or do not read it.</summary>
    public bool ExpectContinue { get; private set; }

    /// <summary>Whether the client asked to switch protocols (<c>Connection: upgrade</c> with an Upgrade field, HTTP/1.1).</summary>
    public bool UpgradeRequested => _connectionUpgrade && _upgradeHeader && Version == Http1Version.Http11;

    /// <summary>Whether <see cref="UpgradeRequested"/> names <c>websocket</c>; the handshake is checked elsewhere.</summary>
    public bool IsWebSocketUpgrade => UpgradeRequested && _upgradeWebSocket;

    /// <summary>Whether an Upgrade field lists <c>websocket</c>, whatever the version and Connection say: such a request is
    /// a WebSocket handshake attempt, validated as one (and refused when malformed) rather than served as plain HTTP.</summary>
    public bool MentionsWebSocket => _upgradeWebSocket;

    /// <summary>Whether the client sent <c>TE: trailers</c>, so it accepts trailer fields in a chunked response.</summary>
    public bool AcceptsTrailers { get; private set; }

    /// <summary>The number of header fields.</summary>
    public int HeaderCount { get; private set; }

    private ReadOnlyMemory<byte> TargetAuthority { get; set; }

    /// <summary>A one-line description for logs and tests.</summary>
    public override string ToString() =>
        $"{Method} {Encoding.Latin1.GetString(RawTarget.Span)} {(Version == Http1Version.Http11 ? "HTTP/1.1" : "HTTP/1.0")}";

    internal void Reset()
    {
        Method = Http1Methods.Get;
        Version = Http1Version.Http11;
        TargetForm = Http1TargetForm.Origin;
        RawTarget = default;
        RawPath = default;
        Query = default;
        Path = "/";
        TargetAuthority = default;
        BodyKind = Http1BodyKind.None;
        ContentLength = -1;
        KeepAlive = false;
        ExpectContinue = false;
        AcceptsTrailers = false;
        HeaderCount = 0;
        _connectionClose = false;
        _connectionKeepAlive = false;
        _connectionUpgrade = false;
        _upgradeHeader = false;
        _upgradeWebSocket = false;
        _hostCount = 0;
        _transferEncodingSeen = false;
        _chunkedSeen = false;
        _codingAfterChunked = false;
        _unsupportedCoding = false;
        _host = default;
    }

    internal void SetRequestLine(string method, Http1Version version)
    {
        Method = method;
        Version = version;
    }

    internal void SetTarget(Http1RequestTarget target)
    {
        TargetForm = target.Form;
        RawTarget = target.RawTarget;
        RawPath = target.Form == Http1TargetForm.Absolute && target.RawPath.IsEmpty ? SlashPath : target.RawPath;
        Query = target.Query;
        Path = target.Path;
        TargetAuthority = target.Authority;
    }

    /// <summary>Applies the meaning of one known field; <paramref name="value"/> is valid only during the call (the parser
    /// stores Host's bytes itself, through <see cref="SetHost"/>).</summary>
    internal void OnKnownHeader(Http1KnownHeader header, ReadOnlySpan<byte> value)
    {
        switch (header)
        {
            case Http1KnownHeader.ContentLength:
                OnContentLength(value);
                break;
            case Http1KnownHeader.TransferEncoding:
                OnTransferEncoding(value);
                break;
            case Http1KnownHeader.Connection:
                OnConnection(value);
                break;
            case Http1KnownHeader.Expect:
                OnExpect(value);
                break;
            case Http1KnownHeader.Upgrade:
                _upgradeHeader = true;
                foreach (var protocol in new Http1TokenList(value))
                {
                    _upgradeWebSocket |= Ascii.EqualsIgnoreCase(protocol, "websocket"u8);
                }

                break;
            case Http1KnownHeader.TE:
                foreach (var coding in new Http1TokenList(value))
                {
                    var semicolon = coding.IndexOf(Http1Bytes.Semicolon);
                    var name = semicolon < 0 ? coding : Http1Bytes.TrimWhitespace(coding[..semicolon]);
                    AcceptsTrailers |= Ascii.EqualsIgnoreCase(name, "trailers"u8);
                }

                break;
            case Http1KnownHeader.Host:
                if (++_hostCount > 1)
                {
                    Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.DuplicateHost);
                }

                if (!Http1Authority.IsValid(value, allowEmpty: true))
                {
                    Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidHost);
                }

                // HTTP/1.0 clients may send an empty Host; on HTTP/1.1 every target is an http(s) URI, whose host is
                // never empty (RFC 9110 §4.2.1), so an empty Host is an invalid one (RFC 9112 §3.2: 400).
                if (value.IsEmpty && Version == Http1Version.Http11)
                {
                    Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.EmptyHost);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Records the Host value, copied by the parser into an immutable array.</summary>
    internal void SetHost(ReadOnlyMemory<byte> host) => _host = host;

    internal void SetHeaderCount(int count) => HeaderCount = count;

    /// <summary>Runs the whole-head checks and the framing tables, once the empty line arrived.</summary>
    internal void Complete()
    {
        if (_hostCount == 0 && Version == Http1Version.Http11)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.MissingHost);
        }

        if (_transferEncodingSeen && ContentLength >= 0)
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.ContentLengthAndTransferEncoding);
        }

        if (_transferEncodingSeen)
        {
            if (Version == Http1Version.Http10)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.TransferEncodingInHttp10);
            }

            if (_codingAfterChunked || (!_chunkedSeen && !_unsupportedCoding))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidTransferEncoding);
            }

            if (_unsupportedCoding)
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.UnsupportedTransferEncoding);
            }
        }

        BodyKind = Http1RequestFraming.BodyKind(_transferEncodingSeen, ContentLength >= 0);
        KeepAlive = Http1RequestFraming.KeepAlive(Version, _connectionClose, _connectionKeepAlive);
    }

    private void OnContentLength(ReadOnlySpan<byte> value)
    {
        if (ContentLength >= 0)
        {
            // Even an identical repeat is refused: RFC 9110 §8.6 allows merging, but strictness costs nothing here.
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.DuplicateContentLength);
        }

        if (!TryParseContentLength(value, out var length))
        {
            Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidContentLength);
        }

        ContentLength = length;
    }

    /// <summary>Parses 1*DIGIT into a non-negative long: no sign, no whitespace, no list, no overflow.</summary>
    internal static bool TryParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var b in value)
        {
            var digit = (uint)(b - '0');
            if (digit > 9 || length > (long.MaxValue - digit) / 10)
            {
                return false;
            }

            length = (length * 10) + digit;
        }

        return true;
    }

    private void OnTransferEncoding(ReadOnlySpan<byte> value)
    {
        _transferEncodingSeen = true;
        foreach (var coding in new Http1TokenList(value))
        {
            if (_chunkedSeen)
            {
                // Anything after chunked, chunked again included, makes the length unknowable (RFC 9112 §6.3 rule 4).
                _codingAfterChunked = true;
            }

            if (Ascii.EqualsIgnoreCase(coding, "chunked"u8))
            {
                _chunkedSeen = true;
            }
            else
            {
                // Codings with parameters ("gzip;q=1") are codings we do not implement either.
                _unsupportedCoding = true;
            }
        }
    }

    private void OnConnection(ReadOnlySpan<byte> value)
    {
        // The usual values, alone: no list to split.
        if (value.Length == 10 && Ascii.EqualsIgnoreCase(value, "keep-alive"u8))
        {
            _connectionKeepAlive = true;
            return;
        }

        if (value.Length == 5 && Ascii.EqualsIgnoreCase(value, "close"u8))
        {
            _connectionClose = true;
            return;
        }

        foreach (var option in new Http1TokenList(value))
        {
            if (option.ContainsAnyExcept(Http1Bytes.Token))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.InvalidHeaderValue);
            }

            if (Ascii.EqualsIgnoreCase(option, "close"u8))
            {
                _connectionClose = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "keep-alive"u8))
            {
                _connectionKeepAlive = true;
            }
            else if (Ascii.EqualsIgnoreCase(option, "upgrade"u8))
            {
                _connectionUpgrade = true;
            }
        }
    }

    private void OnExpect(ReadOnlySpan<byte> value)
    {
        foreach (var expectation in new Http1TokenList(value))
        {
            if (!Ascii.EqualsIgnoreCase(expectation, "100-continue"u8))
            {
                Http1ThrowHelper.ThrowBadRequest(Http1RejectionReason.UnsupportedExpectation);
            }

            // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored.
            ExpectContinue |= Version == Http1Version.Http11;
        }
    }
}