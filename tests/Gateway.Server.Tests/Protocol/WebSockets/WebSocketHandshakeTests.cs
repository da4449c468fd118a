using System.Buffers;
using System.Net;
using System.Text;

using Gateway.Server.Protocol.WebSockets;

namespace Gateway.Server.Tests.Protocol.WebSockets;

public class WebSocketHandshakeTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static readonly Header[] ValidHeaders =
    [
        new("host", "server.example.com"),
        new("upgrade", "websocket"),
        new("connection", "Upgrade"),
        new("sec-websocket-key", Key),
        new("sec-websocket-version", "13"),
    ];

    private static WebSocketHandshakeResult Validate(IEnumerable<Header> headers, string method = "GET", Version? version = null, WebSocketProtocolOptions? options = null) =>
        WebSocketHandshake.Validate(method, version ?? HttpVersion.Version11, Headers.Create([.. headers]), options ?? WebSocketProtocolOptions.Default);

    private static IEnumerable<Header> Without(string name) => ValidHeaders.Where(h => h.NameString != name);

    private static IEnumerable<Header> With(string name, params string[] values) => [.. Without(name), .. values.Select(v => new Header(name, v))];

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 6455 defines the accept key with SHA-1.")]
    public void The_accept_key_of_the_rfc_6455_example()
    {
        Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptKeyLength];

        WebSocketHandshake.ComputeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="u8, accept);

        // RFC 6455 section 1.3, and what the BCL computes from the definition.
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Encoding.ASCII.GetString(accept));
        Assert.Equal(
            Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8)),
            Encoding.ASCII.GetString(accept));
    }

    [Fact]
    public void Computing_the_accept_key_allocates_nothing()
    {
        Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptKeyLength];
        WebSocketHandshake.ComputeAcceptKey("dGhlIHNhbXBsZSBub25jZQ=="u8, accept);

        var before = GC.GetAllocatedBytesForCurrentThread();
        WebSocketHandshake.ComputeAcceptKey("x3JJHMbDL1EzLkh9GBhXDw=="u8, accept);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_valid_request_is_accepted_and_answered_with_101()
    {
        var result = Validate(ValidHeaders);
        var output = new ArrayBufferWriter<byte>();

        WebSocketHandshake.WriteAcceptResponse(output, result);

        Assert.True(result.IsValid);
        Assert.Equal(101, result.StatusCode);
        Assert.Empty(result.Subprotocols);
        Assert.Null(result.Deflate);
        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
            Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void The_101_carries_the_subprotocol_extension_server_lines_and_app_headers_but_not_server_owned_ones()
    {
        var result = Validate(With("sec-websocket-protocol", "chat, superchat").Append(new("sec-websocket-extensions", "permessage-deflate; client_max_window_bits")));
        var output = new ArrayBufferWriter<byte>();
        Headers appHeaders =
        [
            new("set-cookie", "session=1"),
            new("Sec-WebSocket-Accept", "forged"),
            new("connection", "close"),
            new("upgrade", "h2c"),
            new("content-length", "5"),
            new("sec-websocket-protocol", "other"),
            new("x-trace", "abc"),
        ];

        WebSocketHandshake.WriteAcceptResponse(output, result, "superchat", appHeaders, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: gateway\r\n"u8);

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: superchat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
            + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nServer: gateway\r\n"
            + "set-cookie: session=1\r\nx-trace: abc\r\n\r\n",
            Encoding.ASCII.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_subprotocol_the_client_did_not_offer_is_refused()
    {
        var result = Validate(With("sec-websocket-protocol", "chat"));

        Assert.Throws<InvalidOperationException>(() => WebSocketHandshake.WriteAcceptResponse(new ArrayBufferWriter<byte>(), result, "Chat"));
        Assert.Throws<InvalidOperationException>(() => WebSocketHandshake.WriteAcceptResponse(new ArrayBufferWriter<byte>(), Validate(ValidHeaders, "POST")));
    }

    [Fact]
    public void Header_values_are_matched_as_lists_and_case_insensitively()
    {
        var result = Validate(
        [
            new("upgrade", "h2c"),
            new("upgrade", "WebSocket, foo/2"),
            new("connection", "keep-alive"),
            new("connection", "keep-alive, UPGRADE"),
            new("sec-websocket-key", Key),
            new("sec-websocket-version", "13"),
        ]);

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Subprotocols_are_collected_from_every_line_in_order_skipping_empty_elements()
    {
        var result = Validate(With("sec-websocket-protocol", "chat, superchat", " , v2.bin.example,", "graphql-ws"));

        Assert.Equal(["chat", "superchat", "v2.bin.example", "graphql-ws"], result.Subprotocols);
    }

    public static TheoryData<string, string, string[]> BadRequests => new()
    {
        { "no upgrade", "upgrade", [] },
        { "upgrade to something else", "upgrade", ["h2c"] },
        { "no connection", "connection", [] },
        { "connection without upgrade", "connection", ["keep-alive"] },
        { "connection token only as a prefix", "connection", ["upgraded"] },
        { "no key", "sec-websocket-key", [] },
        { "two keys", "sec-websocket-key", [Key, Key] },
        { "key of 15 bytes", "sec-websocket-key", ["AAAAAAAAAAAAAAAAAAAA"] },
        { "key of 17 bytes", "sec-websocket-key", ["AAAAAAAAAAAAAAAAAAAAAAA="] },
        { "key of 18 bytes", "sec-websocket-key", ["AAAAAAAAAAAAAAAAAAAAAAAA"] },
        { "key not base64", "sec-websocket-key", ["dGhlIHNhbXBsZSBub25jZQ!="] },
        { "key with whitespace", "sec-websocket-key", ["dGhl IHNhbXBsZSBub25jZQ="] },
        { "key with non-zero padding bits", "sec-websocket-key", ["dGhlIHNhbXBsZSBub25jZR=="] },
        { "key as a list", "sec-websocket-key", [Key + ", " + Key] },
        { "subprotocol with a space", "sec-websocket-protocol", ["chat, super chat"] },
        { "subprotocol with a separator", "sec-websocket-protocol", ["chat/1"] },
        { "subprotocol quoted", "sec-websocket-protocol", ["\"chat\""] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Malformed_requests_are_refused_with_400(string why, string header, string[] values)
    {
        var result = Validate(With(header, values));

        Assert.False(result.IsValid, why);
        Assert.Equal(400, result.StatusCode);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("get")]
    [InlineData("CONNECT")]
    public void Methods_other_than_get_are_refused_with_400(string method)
    {
        Assert.Equal(400, Validate(ValidHeaders, method).StatusCode);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(0, 9)]
    public void Versions_other_than_http_1_1_are_refused_with_400(int major, int minor)
    {
        Assert.Equal(400, Validate(ValidHeaders, version: new Version(major, minor)).StatusCode);
    }

    [Theory]
    [InlineData]
    [InlineData("8")]
    [InlineData("12")]
    [InlineData("14")]
    [InlineData("13, 8")]
    [InlineData("13", "13")]
    [InlineData("")]
    public void A_missing_or_wrong_version_is_refused_with_426(params string[] versions)
    {
        var result = Validate(With("sec-websocket-version", versions));
        var output = new ArrayBufferWriter<byte>();

        WebSocketHandshake.WriteRejectionResponse(output, result);

        Assert.Equal(426, result.StatusCode);
        var response = Encoding.ASCII.GetString(output.WrittenSpan);
        Assert.StartsWith("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rejection_response_is_complete_with_its_reason_as_the_body()
    {
        var result = Validate(Without("sec-websocket-key"));
        var output = new ArrayBufferWriter<byte>();

        WebSocketHandshake.WriteRejectionResponse(output, result, "Server: gateway\r\n"u8);

        var body = result.Error!;
        Assert.Equal(
            $"HTTP/1.1 400 Bad Request\r\nServer: gateway\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n{body}",
            Encoding.ASCII.GetString(output.WrittenSpan));
        Assert.Throws<InvalidOperationException>(() => WebSocketHandshake.WriteRejectionResponse(output, Validate(ValidHeaders)));
    }

    [Fact]
    public void Origins_are_checked_when_configured()
    {
        var options = new WebSocketProtocolOptions { AllowedOrigins = ["https://app.example.com", "http://localhost:8000"] };
        var forbidden = Validate(With("origin", "https://evil.example"), options: options);
        var output = new ArrayBufferWriter<byte>();
        WebSocketHandshake.WriteRejectionResponse(output, forbidden);

        Assert.Equal(403, forbidden.StatusCode);
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", Encoding.ASCII.GetString(output.WrittenSpan), StringComparison.Ordinal);
        Assert.True(Validate(With("origin", "https://APP.example.com"), options: options).IsValid);
        Assert.True(Validate(With("origin", "http://localhost:8000"), options: options).IsValid);
        Assert.Equal(403, Validate(With("origin", "http://localhost:8001"), options: options).StatusCode);
        Assert.Equal(403, Validate(With("origin", "null"), options: options).StatusCode);
        Assert.True(Validate(ValidHeaders, options: options).IsValid, "no Origin: not a browser");
        Assert.True(Validate(With("origin", "https://evil.example")).IsValid, "no list: any origin");
    }

    [Fact]
    public void Version_is_checked_before_key_and_origin_last()
    {
        var options = new WebSocketProtocolOptions { AllowedOrigins = ["https://a.example"] };

        Assert.Equal(426, Validate(Without("sec-websocket-key").Where(h => h.NameString != "sec-websocket-version")).StatusCode);
        Assert.Equal(400, Validate(With("sec-websocket-key", "bad").Append(new("origin", "https://b.example")), options: options).StatusCode);
    }

    [Fact]
    public void Compression_is_negotiated_unless_disabled()
    {
        var headers = With("sec-websocket-extensions", "permessage-deflate; server_max_window_bits=10, permessage-deflate; server_no_context_takeover");

        Assert.Equal(new PerMessageDeflateParameters(true, false, 0), Validate(headers).Deflate);
        Assert.Null(Validate(headers, options: new WebSocketProtocolOptions { Compression = new() { Enabled = false } }).Deflate);
        Assert.True(Validate(With("sec-websocket-extensions", "permessage-deflate; server_max_window_bits=9")).IsValid, "a declined offer is not an error");
    }

    [Fact]
    public void Only_requests_listing_websocket_in_upgrade_are_routed_to_the_handshake()
    {
        Assert.True(WebSocketHandshake.IsUpgradeRequest(Headers.Create([.. ValidHeaders])));
        Assert.True(WebSocketHandshake.IsUpgradeRequest([new("upgrade", "foo, WEBSOCKET")]));
        Assert.False(WebSocketHandshake.IsUpgradeRequest([new("upgrade", "h2c"), new("connection", "upgrade")]));
        Assert.False(WebSocketHandshake.IsUpgradeRequest(Headers.Empty));
    }
}