using System.Buffers;
using System.IO.Pipelines;
using System.Text;

using Gateway.ServerKit;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.AspNetCore;

// One HTTP request of ASP.NET Core served by a Gateway app. What each contract rule becomes here:
//
//   contract                                         ASP.NET Core
//   -----------------------------------------------  --------------------------------------------------------------
//   receive: http.request chunks                     Request.BodyReader; a chunk is valid until the next receive,
//                                                    which is when it is advanced past (no copy)
//   receive after the body / response complete       http.disconnect once the response is complete or the client
//                                                    left (RequestAborted)
//   send: order of messages                          the Abstractions' HttpSendValidator, as in every server
//   http.response.start                              status and headers; the response starts with the first body
//   http.response.body                               Response.BodyWriter (copied into Kestrel's pipe, then flushed)
//   http.response.pathsend                           IHttpResponseBodyFeature.SendFileAsync
//   http.response.trailers                           Response.AppendTrailer, where SupportsTrailers (HTTP/2, HTTP/3)
//   send after the client left                       ClientDisconnectedException
//   app throws before the start / returns unstarted  500 "Internal Server Error", logged
//   app throws after the start / returns unfinished  HttpContext.Abort(), logged
//   Kestrel's own BadHttpRequestException (413 …)    rethrown before the start, so Kestrel answers with its status

internal sealed class HttpContextExchange
{
    private static readonly byte[] InternalServerError = "Internal Server Error"u8.ToArray();

    private readonly HttpContext _context;
    private readonly ILogger _logger;
    private readonly HttpSendValidator _validator;
    private readonly PipeReader _body;
    private readonly TaskCompletionSource _completeOrGone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SequencePosition? _chunkEnd;
    private bool _bodyDone;
    private int _receiving;
    private int _sending;

    public HttpContextExchange(HttpContext context, ILogger logger, HttpSendCapabilities capabilities)
    {
        _context = context;
        _logger = logger;
        _validator = new HttpSendValidator(capabilities);
        _body = context.Request.BodyReader;
    }

    public async Task RunAsync(GatewayApp app, Scope scope)
    {
        using var gone = _context.RequestAborted.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), _completeOrGone);
        Exception? error = null;
        try
        {
            await app(scope, ReceiveAsync, SendAsync).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever the app throws becomes a 500 or an abort, as on every Gateway server.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = exception;
        }
        finally
        {
            if (_chunkEnd is { } end)
            {
                _chunkEnd = null;
                _body.AdvanceTo(end);
            }
        }

        if (error is BadHttpRequestException && !_validator.HasStarted)
        {
            throw error;
        }

        if (_context.RequestAborted.IsCancellationRequested)
        {
            return; // the client left: nothing to answer, and ClientDisconnectedException is never an error
        }

        if (!_validator.HasStarted)
        {
            AspNetCoreLog.AppFailed(_logger, scope.Method, scope.Path, error?.Message ?? "the app returned without sending 'http.response.start'", error);
            _context.Response.Clear();
            _context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            _context.Response.ContentType = "text/plain; charset=utf-8";
            _context.Response.ContentLength = InternalServerError.Length;
            await _context.Response.Body.WriteAsync(InternalServerError).ConfigureAwait(false);
        }
        else if (!_validator.IsComplete)
        {
            AspNetCoreLog.ResponseAborted(_logger, scope.Method, scope.Path, error?.Message ?? "the app returned before completing the response", error);
            _context.Abort();
        }
        else if (error is not null and not ClientDisconnectedException)
        {
            AspNetCoreLog.AppFailed(_logger, scope.Method, scope.Path, error.Message, error);
        }
    }

    private async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _receiving, 1) == 1)
        {
            throw new InvalidOperationException("receive was called while another receive call had not completed: calls must not overlap.");
        }

        try
        {
            return await ReceiveCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    private async ValueTask<Message> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        // The previous chunk was valid until this call: only now may the pipe reuse its memory.
        if (_chunkEnd is { } end)
        {
            _chunkEnd = null;
            _body.AdvanceTo(end);
        }

        if (_context.RequestAborted.IsCancellationRequested)
        {
            return HttpDisconnect.Instance;
        }

        if (!_bodyDone)
        {
            ReadResult result;
            try
            {
                result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException && _context.RequestAborted.IsCancellationRequested)
            {
                return HttpDisconnect.Instance;
            }

            var buffer = result.Buffer;
            var first = buffer.First;
            if (first.IsEmpty && !buffer.IsEmpty)
            {
                // An empty leading segment: hand out a copy of the next data rather than an empty non-final chunk.
                first = buffer.Slice(0, Math.Min(buffer.Length, 64 * 1024)).ToArray();
                _chunkEnd = buffer.GetPosition(first.Length);
            }
            else
            {
                _chunkEnd = buffer.GetPosition(first.Length);
            }

            var moreBody = !(result.IsCompleted && first.Length == buffer.Length);
            _bodyDone = !moreBody;
            return moreBody || !first.IsEmpty ? new HttpRequest(first, moreBody) : HttpRequest.Empty;
        }

        await _completeOrGone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return HttpDisconnect.Instance;
    }

    private async ValueTask SendAsync(Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Interlocked.Exchange(ref _sending, 1) == 1)
        {
            throw new InvalidOperationException("send was called while another send call had not completed: calls must not overlap.");
        }

        try
        {
            _validator.Advance(message);
            if (_context.RequestAborted.IsCancellationRequested)
            {
                throw new ClientDisconnectedException("The client disconnected.");
            }

            try
            {
                await SendCoreAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException && _context.RequestAborted.IsCancellationRequested)
            {
                throw new ClientDisconnectedException("The client disconnected.", exception);
            }
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }

    private async ValueTask SendCoreAsync(Message message, CancellationToken cancellationToken)
    {
        var response = _context.Response;
        switch (message)
        {
            case HttpResponseStart start:
                response.StatusCode = start.Status;
                foreach (var header in start.Headers)
                {
                    response.Headers.Append(Encoding.Latin1.GetString(header.Name.Span), Encoding.Latin1.GetString(header.Value.Span));
                }

                break;
            case HttpResponseBody body:
                if (!body.Body.IsEmpty)
                {
                    await response.BodyWriter.WriteAsync(body.Body, cancellationToken).ConfigureAwait(false);
                }
                else if (body.MoreBody)
                {
                    await response.StartAsync(cancellationToken).ConfigureAwait(false);
                }

                await EndOfBodyAsync().ConfigureAwait(false);
                break;
            case HttpResponseFile file:
                await response.SendFileAsync(file.Path, file.Offset, file.Length, cancellationToken).ConfigureAwait(false);
                await EndOfBodyAsync().ConfigureAwait(false);
                break;
            case HttpResponseTrailers trailers:
                foreach (var header in trailers.Headers)
                {
                    response.AppendTrailer(Encoding.Latin1.GetString(header.Name.Span), Encoding.Latin1.GetString(header.Value.Span));
                }

                await EndOfBodyAsync().ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask EndOfBodyAsync()
    {
        if (_validator.IsComplete)
        {
            await _context.Response.CompleteAsync().ConfigureAwait(false);
            _completeOrGone.TrySetResult();
        }
    }
}