using Microsoft.Extensions.Logging;

namespace Gateway.Routing;

/// <summary>How <see cref="ErrorHandlingMiddleware"/> turns exceptions into responses.</summary>
public sealed class ErrorHandlingOptions
{
    private readonly Dictionary<Type, Func<Scope, Exception, Response>> _byType = [];
    private readonly Dictionary<int, Func<Scope, HttpException, Response>> _byStatus = [];

    /// <summary>Where unhandled exceptions are logged (at error level, with the exception). Null: the
    /// <c>ILoggerFactory</c> of <see cref="Scope.Services"/> when there is one, otherwise nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Handles exceptions of a type (and types derived from it; the closest registered type wins).</summary>
    /// <typeparam name="TException">The exception type.</typeparam>
    /// <param name="handler">Builds the response from the scope and the exception.</param>
    /// <returns>These options.</returns>
    public ErrorHandlingOptions Handle<TException>(Func<Scope, TException, Response> handler)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(handler);
        _byType[typeof(TException)] = (scope, exception) => handler(scope, (TException)exception);
        return this;
    }

    /// <summary>Handles <see cref="HttpException"/>s of one status (Starlette's handlers keyed by status code).</summary>
    /// <param name="status">The status.</param>
    /// <param name="handler">Builds the response.</param>
    /// <returns>These options.</returns>
    public ErrorHandlingOptions HandleStatus(int status, Func<Scope, HttpException, Response> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _byStatus[status] = handler;
        return this;
    }

    internal Func<Scope, Exception, Response>? FindHandler(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (_byType.TryGetValue(current, out var handler))
            {
                return handler;
            }
        }

        return null;
    }

    internal Func<Scope, HttpException, Response>? FindStatusHandler(int status) =>
        _byStatus.TryGetValue(status, out var handler) ? handler : null;
}