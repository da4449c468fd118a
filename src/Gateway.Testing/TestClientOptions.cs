using System.Net;

namespace Gateway.Testing;

/// <summary>
/// How a <see cref="TestClient"/> plays the server: what it puts in each scope, which capabilities it offers, how it
/// reports the app's failures, and the bounds on its buffers and waits.
/// </summary>
/// <remarks>
/// The client copies and validates the options when it is created; changing them afterwards has no effect on it. Not
/// thread-safe: configure an instance, then hand it over.
/// </remarks>
public sealed class TestClientOptions
{
    /// <summary>
    /// Whether the app's failures are thrown to the test (the default, as Starlette's <c>raise_server_exceptions</c>)
    /// rather than turned into what a real client would see (a 500, a truncated body, a 1011 close).
    /// </summary>
    /// <remarks>
    /// This includes contract violations the app caught and swallowed: a message sent in the wrong state fails the test
    /// even if the app hid the <see cref="InvalidOperationException"/> its <see cref="Send"/> threw.
    /// <see cref="ClientDisconnectedException"/>, and cancellation through <see cref="Scope.Aborted"/>, after the client
    /// went away are never reported: apps are expected to let them propagate.
    /// </remarks>
    public bool RaiseAppExceptions { get; set; } = true;

    /// <summary>
    /// The path the app is mounted under (<see cref="Scope.RootPath"/>), such as <c>/api</c>: empty, or starting with
    /// <c>/</c> (a trailing slash is removed). Request URIs carry the full path, which must be under it; the scope's
    /// <see cref="Scope.Path"/> is the rest.
    /// </summary>
    public string RootPath { get; set; } = string.Empty;

    /// <summary>The client address put in <see cref="Scope.Client"/>: 127.0.0.1:50000 unless changed; may be null.</summary>
    public EndPoint? Client { get; set; } = new IPEndPoint(IPAddress.Loopback, 50000);

    /// <summary>The server address put in <see cref="Scope.Server"/>; <see langword="null"/> (unknown, as for an
    /// in-memory transport) unless set.</summary>
    public EndPoint? Server { get; set; }

    /// <summary>The services put in <see cref="Scope.Services"/> of every scope, lifespan included.</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>Whether HTTP/1.1 and later scopes offer <see cref="IHttpResponseTrailersCapability"/>; the trailers end up
    /// in <see cref="HttpResponseMessage.TrailingHeaders"/>.</summary>
    public bool OfferTrailers { get; set; } = true;

    /// <summary>Whether HTTP/1.1 and later scopes offer <see cref="IHttpEarlyHintsCapability"/>; the hints are read with
    /// <see cref="TestResponseExtensions.GetEarlyHints"/>.</summary>
    public bool OfferEarlyHints { get; set; } = true;

    /// <summary>Whether HTTP scopes offer <see cref="IHttpResponseFileCapability"/>; the file's bytes become the body.</summary>
    public bool OfferResponseFile { get; set; } = true;

    /// <summary>Whether WebSocket scopes offer <see cref="IWebSocketDenialResponseCapability"/>; a denial response
    /// surfaces as a <see cref="WebSocketDeniedException"/>.</summary>
    public bool OfferWebSocketDenialResponse { get; set; } = true;

    /// <summary>The largest request body chunk <see cref="Receive"/> hands to the app in one <see cref="HttpRequest"/>,
    /// in bytes (16 KiB by default).</summary>
    public int MaxChunkSize { get; set; } = 16 * 1024;

    /// <summary>
    /// How many body bytes each direction of an HTTP exchange buffers before its writer waits (64 KiB by default): the
    /// request content waits for the app to receive, and the app's <see cref="Send"/> waits for the test to read.
    /// </summary>
    public int BodyBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// How long the client waits for the app (30 seconds by default; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// to wait forever): it becomes <see cref="HttpClient.Timeout"/>, and bounds lifespan startup and shutdown, the
    /// WebSocket handshake, every <see cref="TestWebSocket"/> operation that waits for the app, and how long disposal
    /// waits for running apps.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Copies and checks the options, normalizing <see cref="RootPath"/>.</summary>
    internal TestClientOptions Snapshot()
    {
        var rootPath = RootPath ?? throw new ArgumentException("RootPath cannot be null; use an empty string.", nameof(RootPath));
        rootPath = rootPath.TrimEnd('/');
        if (rootPath.Length > 0 && rootPath[0] != '/')
        {
            throw new ArgumentException($"RootPath must be empty or start with '/': '{RootPath}'.", nameof(RootPath));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunkSize, 1, nameof(MaxChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BodyBufferSize, 1, nameof(BodyBufferSize));
        if ((Timeout <= TimeSpan.Zero || Timeout.TotalMilliseconds > int.MaxValue) && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive and at most int.MaxValue milliseconds, or Timeout.InfiniteTimeSpan.");
        }

        return new TestClientOptions
        {
            RaiseAppExceptions = RaiseAppExceptions,
            RootPath = rootPath,
            Client = Client,
            Server = Server,
            Services = Services,
            OfferTrailers = OfferTrailers,
            OfferEarlyHints = OfferEarlyHints,
            OfferResponseFile = OfferResponseFile,
            OfferWebSocketDenialResponse = OfferWebSocketDenialResponse,
            MaxChunkSize = MaxChunkSize,
            BodyBufferSize = BodyBufferSize,
            Timeout = Timeout,
        };
    }
}