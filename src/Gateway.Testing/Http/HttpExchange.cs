using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;

using Gateway.ServerKit;

namespace Gateway.Testing;

// One request, from HttpClient.SendAsync to the app's return. Its life, and what each side sees:
//
//   event                                  test side                              app side
//   -------------------------------------  -------------------------------------  ----------------------------------------
//   SendAsync                              waits for the response start           app starts; request content is copied
//                                                                                 into a bounded pipe that receive drains
//   app sends http.response.start          SendAsync returns the response         body sends fill a bounded pipe and wait
//                                                                                 while the test does not read
//   app completes the response             reads the body                         receive returns http.disconnect
//   app returns                            the body ends (or throws the app's     -
//                                          failure, see Finish)
//   request cancelled / response disposed  -                                      Aborted fires, send throws
//   before completion / client disposed                                           ClientDisconnectedException, receive
//                                                                                 returns http.disconnect
//
// The body's end is reported only once the app has returned, so that what the app does after completing the response
// (background tasks) has finished when the test reads the end, and its failures reach the test, as in Starlette.

/// <summary>One HTTP request played through the app in process: the server side of the contract, with its rules
/// enforced, and the <see cref="HttpResponseMessage"/> the test reads.</summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The app may hold Scope.Aborted beyond the exchange; these sources have no timer, wait handle or linked registration to release.")]
internal sealed partial class HttpExchange
{
    // The test client keeps early hints and trailers for the test to inspect, so it bounds them as a client would.
    private const int MaxEarlyHints = 64;
    private const int MaxTrailerFields = 1024;

    private static readonly HttpRequestOptionsKey<IReadOnlyList<Headers>> EarlyHintsKey = new("Gateway.Testing.EarlyHints");

    private readonly TestHost _host;
    private readonly HttpRequestMessage _request;
    private readonly HttpSendValidator _validator;
    private readonly ContractMonitor _monitor = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly CancellationTokenSource _stopRequestCopy = new();
    private readonly TaskCompletionSource<HttpResponseMessage> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completeOrGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Pipe _responseBody;
    private readonly bool _isHead;
    private CancellationTokenRegistration _stopping;
    private bool _clientGone;
    private bool _appReturned;
    private bool _responseComplete;

    public HttpExchange(TestHost host, HttpRequestMessage request)
    {
        _host = host;
        _request = request;
        _validator = new HttpSendValidator(host.HttpCapabilities(request.Version));
        _isHead = request.Method == HttpMethod.Head;
        var bufferSize = host.Options.BodyBufferSize;
        _responseBody = new Pipe(new PipeOptions(pauseWriterThreshold: bufferSize, resumeWriterThreshold: (bufferSize / 2) + 1, useSynchronizationContext: false));
        _requestBody = request.Content is null
            ? null
            : new Pipe(new PipeOptions(pauseWriterThreshold: bufferSize, resumeWriterThreshold: (bufferSize / 2) + 1, useSynchronizationContext: false));
    }

    /// <summary>What the end of the body reports once the app has returned: <see langword="null"/> for a clean end,
    /// otherwise the exception the body stream throws.</summary>
    public Task<Exception?> Outcome => _outcome.Task;

    private bool IsClientGone
    {
        get
        {
            lock (_gate)
            {
                return _clientGone;
            }
        }
    }

    /// <summary>Runs the app for the request and returns the response as soon as the app has started it.</summary>
    /// <param name="cancellationToken">The request's token: cancelling it before the response starts is the client
    /// leaving.</param>
    public async Task<HttpResponseMessage> RunAsync(CancellationToken cancellationToken)
    {
        var scope = CreateScope();
        _stopping = _host.Stopping.UnsafeRegister(static state => ((HttpExchange)state!).Abort(), this);
        _host.Run(() => RunAppAsync(scope));
        if (_request.Content is { } content)
        {
            _ = Task.Run(() => CopyRequestBodyAsync(content, _requestBody!.Writer), CancellationToken.None);
        }

        try
        {
            return await _response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abort();
            throw;
        }
    }

    /// <summary>The client went away: the request was cancelled, the response disposed or its read cancelled before
    /// the end, or the test client disposed. Does nothing once the app has returned.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            if (_clientGone || _appReturned)
            {
                return;
            }

            _clientGone = true;
        }

        // Asynchronous cancellation keeps the app's Aborted callbacks off the thread that disposes or cancels.
        _ = _aborted.CancelAsync();
        _ = _stopRequestCopy.CancelAsync();
        _completeOrGone.TrySetResult();
    }

    /// <summary>The test disposed the response: the client is gone unless the response was already complete.</summary>
    public void OnResponseDisposed()
    {
        lock (_gate)
        {
            if (_responseComplete)
            {
                return;
            }
        }

        Abort();
    }

    private Scope CreateScope()
    {
        var uri = HttpRequestMapper.GetUri(_request);
        var options = _host.Options;
        var target = RequestTarget.From(uri, options.RootPath);
        return new Scope
        {
            Type = ScopeType.Http,
            HttpVersion = _request.Version,
            Method = HttpRequestMapper.GetMethod(_request),
            Scheme = uri.Scheme,
            Path = target.Path,
            RawPath = target.RawPath,
            QueryString = target.QueryString,
            RootPath = options.RootPath,
            Headers = HttpRequestMapper.GetHeaders(_request, uri),
            Client = options.Client,
            Server = options.Server,
            State = _host.CreateState(),
            Extensions = TestHost.HttpExtensions(_host.HttpCapabilities(_request.Version)),
            Services = options.Services,
            Aborted = _aborted.Token,
        };
    }

    private async Task RunAppAsync(Scope scope)
    {
        Exception? error = null;
        try
        {
            await _host.App(scope, ReceiveAsync, SendAsync).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the app throws is reported to the test, never to the thread pool.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = exception;
        }

        Finish(error);
    }

    /// <summary>Settles what the test sees once the app has returned, following the contract's rules for an app that
    /// failed or did not complete its response, and <see cref="TestClientOptions.RaiseAppExceptions"/>.</summary>
    private void Finish(Exception? error)
    {
        bool started;
        bool complete;
        bool gone;
        lock (_gate)
        {
            _appReturned = true;
            started = _responseMessage is not null;
            complete = _responseComplete;
            gone = _clientGone;
        }

        _stopping.Dispose();
        _ = _stopRequestCopy.CancelAsync();
        _requestBody?.Reader.Complete();
        _completeOrGone.TrySetResult();

        var raise = _host.Options.RaiseAppExceptions;
        var reportable = _monitor.Reportable(error, _aborted.Token);
        Exception? bodyError = null;
        if (!started)
        {
            if (!gone && raise)
            {
                _response.TrySetException(reportable ?? new InvalidOperationException(
                    "The app returned without sending 'http.response.start': every HTTP request must get a response."));
            }
            else if (gone)
            {
                // Normally SendAsync has already thrown; this only settles a request whose client left for another reason.
                _response.TrySetCanceled();
            }
            else
            {
                var serverError = CreateServerError();
                if (!_response.TrySetResult(serverError))
                {
                    // The request had already failed (its content threw): nobody will read this response.
                    serverError.Dispose();
                }
            }
        }
        else if (!complete)
        {
            bodyError = raise
                ? reportable ?? new InvalidOperationException("The app returned before completing the response: the last body chunk must have more_body = false (and announced trailers must be sent).")
                : new IOException("The app did not complete the response, so the connection was closed: the body is truncated.", reportable);
        }
        else if (raise)
        {
            bodyError = reportable;
        }

        _responseBody.Writer.Complete();
        _outcome.TrySetResult(bodyError);
    }

    /// <summary>The response a server sends for an app that failed before starting its own, as uvicorn does.</summary>
    private HttpResponseMessage CreateServerError()
    {
        var content = new ByteArrayContent("Internal Server Error"u8.ToArray());
        content.Headers.TryAddWithoutValidation("content-type", "text/plain; charset=utf-8");
        _request.Options.Set(EarlyHintsKey, _earlyHints ?? []);
        return new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            RequestMessage = _request,
            Version = _request.Version,
            Content = content,
        };
    }

    internal static IReadOnlyList<Headers> GetEarlyHints(HttpRequestMessage request) =>
        request.Options.TryGetValue(EarlyHintsKey, out var hints) ? hints : [];
}