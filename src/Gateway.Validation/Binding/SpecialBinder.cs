using Gateway.Routing;
using Gateway.Validation.Handlers;

namespace Gateway.Validation.Binding;

/// <summary>Values the framework supplies: the scope, its abort token, receive/send, the <c>Request</c>, a
/// <c>WebSocketConnection</c>, the request services.</summary>
internal sealed class SpecialBinder<T> : ParameterBinder<T>
{
    private readonly Func<RequestContext, T> _get;

    public SpecialBinder(ParameterDescription description, Func<RequestContext, T> get)
        : base(description) => _get = get;

    public override bool NeedsServices => typeof(T) == typeof(IServiceProvider);

    public override T Bind(RequestContext context) => _get(context);

    /// <summary>The getter for a special type, or <see langword="null"/> when <paramref name="type"/> is not one.</summary>
    public static Delegate? GetterFor(Type type)
    {
        if (type == typeof(Scope))
        {
            return (Func<RequestContext, Scope>)(c => c.Scope);
        }

        if (type == typeof(CancellationToken))
        {
            return (Func<RequestContext, CancellationToken>)(c => c.Scope.Aborted);
        }

        if (type == typeof(Receive))
        {
            return (Func<RequestContext, Receive>)(c => c.Receive);
        }

        if (type == typeof(Send))
        {
            return (Func<RequestContext, Send>)(c => c.HandlerSend);
        }

        if (type == typeof(Gateway.Routing.Request))
        {
            return (Func<RequestContext, Gateway.Routing.Request>)(c => c.Request);
        }

        if (type == typeof(IServiceProvider))
        {
            return (Func<RequestContext, IServiceProvider?>)(c => c.Services);
        }

        if (type == typeof(WebSocketConnection))
        {
            return (Func<RequestContext, WebSocketConnection>)(c => new WebSocketConnection(c.Scope, c.Receive, c.HandlerSend, c.Plan));
        }

        return null;
    }
}