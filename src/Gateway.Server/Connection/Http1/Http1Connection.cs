using System.IO.Pipelines;
using System.Runtime.CompilerServices;

using Gateway.ServerKit;
using Gateway.Server.Protocol.Http1;
using Gateway.Server.Transport;

using static Gateway.Server.Connection.Http1.Http1ConnectionFlags;

namespace Gateway.Server.Connection.Http1;

/// <summary>
/// Serves HTTP/1.1 (and 1.0) on one connection: reads request heads with <see cref="Http1RequestParser"/>, builds each
/// request's <see cref="Scope"/>, calls the app with <c>receive</c>/<c>send</c> bound to this connection, writes the
/// responses in order (pipelined requests included), and keeps the connection alive between requests.
/// </summary>
/// <remarks>
/// <para>The only layer that awaits. Split by concern: the request loop and lifecycle here; reading heads and the
/// heartbeat's timeouts in <c>.Heads.cs</c>; <c>receive</c> and 100-continue in <c>.Receive.cs</c>; <c>send</c> in
/// <c>.Send.cs</c>; ending a request (draining, keep-alive, metrics, access log) in <c>.Finish.cs</c>; answers the server
/// gives on its own (400, 408, 413, 500) in <c>.Errors.cs</c>; the upgrade in <c>.WebSocket.cs</c>. Its flags and their
/// rules are in <see cref="Http1ConnectionState"/>.</para>
/// <para>Threads: the request loop, the app's <c>receive</c> and <c>send</c> (which may run concurrently with each other,
/// never with themselves) and the server's heartbeat touch this object. Input is read only by the loop or by
/// <c>receive</c>, never both at once; output is written only under <see cref="_sendBusy"/>.</para>
/// </remarks>
internal sealed partial class Http1Connection : IConnectionProtocol
{
    private static ReadOnlySpan<byte> ServerName => "gateway"u8;

    private readonly long _id;
    private readonly TransportConnection _transport;
    private readonly ServiceContext _context;
    private readonly GatewayServerOptions _options;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Http1RequestParser _parser;
    private readonly HeadersBuilder _headers = new(16);
    private readonly Http1ContentLengthDecoder _contentLengthDecoder = new();
    private readonly Http1ChunkedDecoder _chunkedDecoder;
    private readonly HttpSendValidator _validator = new();
    private readonly Receive _receive;
    private readonly Send _send;
    private readonly System.Net.EndPoint? _client;
    private readonly string _scheme;
    private readonly CancellationToken _aborted;

    // Connection state: the flags (rules in Http1ConnectionState.cs) and the phase (Http1Connection.Heads.cs).
    private Http1ConnectionState _state;
    private int _requestCount;

    public Http1Connection(long id, TransportConnection transport, ServiceContext context)
    {
        _id = id;
        _transport = transport;
        _context = context;
        _options = context.Options;
        _input = transport.Transport.Input;
        _output = transport.Transport.Output;
        var limits = new Http1ParserLimits
        {
            MaxRequestLineSize = context.Limits.MaxRequestLineSize,
            MaxRequestHeadersTotalSize = context.Limits.MaxRequestHeadersTotalSize,
            MaxRequestHeaderCount = context.Limits.MaxRequestHeaderCount,
        };
        _parser = new Http1RequestParser(limits);
        _chunkedDecoder = new Http1ChunkedDecoder(limits);
        _receive = ReceiveAsync;
        _send = SendAsync;

        // A Unix socket peer has no address worth reporting (ASGI's client is None there).
        _client = transport.RemoteEndPoint is System.Net.IPEndPoint ip ? ip : null;
        _scheme = transport.Tls is null ? "http" : "https";
        _aborted = transport.ConnectionClosed;
    }

    public static IConnectionProtocol Create(long id, TransportConnection transport, ServiceContext context) =>
        new Http1Connection(id, transport, context);

    public async Task RunAsync()
    {
        try
        {
            while (await ReadRequestHeadAsync().ConfigureAwait(false))
            {
                _requestCount++;
                if (!await ProcessRequestAsync().ConfigureAwait(false) || _state.Has(CloseRequested))
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The transport failed under us (reset, aborted): nothing more to say to this client.
            ServerLog.ConnectionFailed(_context.Logger, _id, exception);
        }
        finally
        {
            ClearDeadline();
        }
    }

    public void RequestClose()
    {
        _state.Set(CloseRequested);
        if (_webSocket is { } session)
        {
            session.RequestClose();
            return;
        }

        if (_phase == ConnectionPhase.Idle)
        {
            // Waiting for a next request that has not started: close now.
            _input.CancelPendingRead();
        }
    }

    /// <summary>Serves one request whose head has been parsed; returns whether the connection stays open.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ProcessRequestAsync()
    {
        var head = _parser.Head;
        if (head.MentionsWebSocket)
        {
            return await ProcessWebSocketAsync(head).ConfigureAwait(false);
        }

        if (head.BodyKind == Http1BodyKind.ContentLength && _context.Limits.MaxRequestBodySize is { } max && head.ContentLength > max)
        {
            await AnswerAsync(413, "The request body is larger than this server accepts."u8, "body too large").ConfigureAwait(false);
            return false;
        }

        StartRequest(head);
        var scope = CreateScope(head);
        _phase = ConnectionPhase.AppRunning;
        Exception? failure = null;
        try
        {
            await _context.App(scope, _receive, _send).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every app failure is answered (500 or abort) and logged; none may end the server.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        return await FinishRequestAsync(scope, failure).ConfigureAwait(false);
    }

    private Scope CreateScope(Http1RequestHead head)
    {
        var (extensions, capabilities) = Http1Capabilities.For(head.Version == Http1Version.Http11, head.AcceptsTrailers);
        _validator.Reset(capabilities);
        return BuildScope(ScopeType.Http, head, _headers.Build(), extensions, subprotocols: []);
    }

    /// <summary>The scope of an HTTP request or a WebSocket handshake: everything but the capabilities and subprotocols
    /// is the same for both.</summary>
    private Scope BuildScope(ScopeType type, Http1RequestHead head, Headers headers, ScopeExtensions extensions, IReadOnlyList<string> subprotocols)
    {
        var webSocket = type == ScopeType.WebSocket;
        var transportScheme = webSocket ? (_transport.Tls is null ? "ws" : "wss") : _scheme;
        var (client, scheme) = ForwardedHeaders.Resolve(_client, transportScheme, headers, _options.ForwardedHeaders, webSocket);
        if (_transport.Tls is { } tls)
        {
            extensions = extensions.With(tls);
        }

        var lifespanState = _context.LifespanState;
        return new Scope
        {
            Type = type,
            HttpVersion = head.HttpVersion,
            Method = head.Method,
            Scheme = scheme,
            Path = StripRootPath(head.Path),
            RawPath = head.RawPath,
            QueryString = head.Query,
            RootPath = _options.RootPath,
            Headers = headers,
            Client = client,
            Server = _transport.LocalEndPoint,
            Subprotocols = subprotocols,
            State = lifespanState.Count == 0 ? new ScopeState() : new ScopeState(lifespanState),
            Extensions = extensions,
            Services = _context.Services,
            Aborted = _aborted,
        };
    }

    private string StripRootPath(string path)
    {
        // Behind a proxy that forwards the prefix (rather than stripping it), remove the configured root path once.
        var root = _options.RootPath;
        if (root.Length == 0 || !path.StartsWith(root, StringComparison.Ordinal))
        {
            return path;
        }

        if (path.Length == root.Length)
        {
            return "/";
        }

        return path[root.Length] == '/' ? path[root.Length..] : path;
    }

    private enum ConnectionPhase
    {
        /// <summary>Waiting for the first byte of a request (keep-alive idle).</summary>
        Idle,

        /// <summary>Receiving a request head.</summary>
        ReadingHead,

        /// <summary>The app is running.</summary>
        AppRunning,

        /// <summary>Finishing a request: draining its body, waiting for stragglers.</summary>
        Finishing,
    }
}