using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>
/// Turns exceptions into responses, as Starlette's <c>ExceptionMiddleware</c> and <c>ServerErrorMiddleware</c> together:
/// a handler registered for the exception's type (or a base type) builds the response; an <see cref="HttpException"/>
/// becomes its status's handler's response or a <see cref="ProblemResponse"/>; anything else is logged with the exception
/// and becomes a 500 problem that reveals nothing about it.
/// </summary>
/// <remarks>
/// Once the response has started nothing can be sent instead: the exception is logged and rethrown so the server aborts
/// the response. <see cref="ClientDisconnectedException"/> and cancellation by <see cref="Scope.Aborted"/> pass through
/// untouched. The response is streamed, never buffered: only whether it started is tracked.
/// </remarks>
public sealed class ErrorHandlingMiddleware
{
    private readonly GatewayApp _next;
    private readonly ErrorHandlingOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The wrapped app.</param>
    /// <param name="options">Handlers and logger, or null for the defaults.</param>
    public ErrorHandlingMiddleware(GatewayApp next, ErrorHandlingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
        _options = options ?? new ErrorHandlingOptions();
    }

    /// <summary>The middleware as a <see cref="Middleware"/>.</summary>
    /// <param name="options">Handlers and logger, or null.</param>
    /// <returns>The middleware.</returns>
    public static Middleware Create(ErrorHandlingOptions? options = null) => next => new ErrorHandlingMiddleware(next, options).Invoke;

    /// <summary>Runs the wrapped app and answers its exceptions.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public async ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type == ScopeType.Lifespan)
        {
            await _next(scope, receive, send).ConfigureAwait(false);
            return;
        }

        var started = false;
        Send tracking = (message, cancellationToken) =>
        {
            started |= message is HttpResponseStart or WebSocketAccept or WebSocketHttpResponseStart or WebSocketClose;
            return send(message, cancellationToken);
        };
        try
        {
            await _next(scope, receive, tracking).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ClientDisconnectedException
            && !(exception is OperationCanceledException && scope.Aborted.IsCancellationRequested))
        {
            if (started)
            {
                ErrorLog.AfterStart(GetLogger(scope), exception, scope.ToString());
                throw;
            }

            await Respond(scope, exception).Invoke(scope, receive, send).ConfigureAwait(false);
        }
    }

    private Response Respond(Scope scope, Exception exception)
    {
        if (_options.FindHandler(exception.GetType()) is { } handler)
        {
            return handler(scope, exception);
        }

        if (exception is HttpException http)
        {
            return _options.FindStatusHandler(http.Status) is { } statusHandler
                ? statusHandler(scope, http)
                : new ProblemResponse(http.ToProblem(), http.Headers);
        }

        ErrorLog.Unhandled(GetLogger(scope), exception, scope.ToString());
        return new ProblemResponse(new ProblemDetails(500));
    }

    private ILogger GetLogger(Scope scope) => ErrorLog.For(scope, _options.Logger, null);
}