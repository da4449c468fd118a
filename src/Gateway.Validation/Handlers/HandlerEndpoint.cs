using System.Diagnostics.CodeAnalysis;
using System.Reflection;

using Gateway.Validation.Responses;

namespace Gateway.Validation;

/// <summary>
/// A handler (an ordinary delegate or method) made into a <see cref="GatewayApp"/>: its parameters bound from the request
/// by attribute or convention, validated with DataAnnotations, a 422 <c>application/problem+json</c> listing every error
/// when they are invalid, and its return value written as JSON. The binding plan is built here, once; requests run a
/// compiled delegate without reflection.
/// </summary>
public sealed class HandlerEndpoint
{
    private static readonly string[] NoPathParameters = [];
    private readonly Handlers.HandlerPlan _plan;

    private HandlerEndpoint(Handlers.HandlerPlan plan)
    {
        _plan = plan;
        var parameters = new ParameterDescription[plan.Binders.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = plan.Binders[i].Description;
        }

        Parameters = parameters;
        App = RunAsync;
    }

    /// <summary>The app that runs the handler for HTTP requests and WebSocket connections.</summary>
    public GatewayApp App { get; }

    /// <summary>How each handler parameter is bound, in declaration order.</summary>
    public IReadOnlyList<ParameterDescription> Parameters { get; }

    /// <summary>The type of a successful response's JSON body (from the return type or
    /// <see cref="HandlerOptions.ResponseType"/>), or <see langword="null"/> when there is none or it is unknown.</summary>
    public Type? ResponseType => _plan.ResponseType;

    /// <summary>The options the endpoint was built with.</summary>
    public HandlerOptions Options => _plan.Options;

    /// <summary>Builds the endpoint for a delegate.</summary>
    /// <param name="handler">The handler: any delegate, sync or async.</param>
    /// <param name="options">Binding options, or <see langword="null"/> for the defaults.</param>
    /// <param name="pathParameters">The names of the route template's parameters: a handler parameter with one of these
    /// names binds from the path by convention.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    [RequiresUnreferencedCode("Binding inspects the handler's parameter and model types with reflection.")]
    [RequiresDynamicCode("Binding compiles expressions and closes generic types over the handler's parameter types.")]
    public static HandlerEndpoint Create(Delegate handler, HandlerOptions? options = null, IReadOnlyCollection<string>? pathParameters = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return CreateFromMethod(handler.Method, handler.Target, options, pathParameters);
    }

    /// <summary>Builds the endpoint for a method.</summary>
    /// <param name="method">The handler method.</param>
    /// <param name="target">The instance for an instance method, <see langword="null"/> for a static one.</param>
    /// <param name="options">Binding options, or <see langword="null"/> for the defaults.</param>
    /// <param name="pathParameters">The names of the route template's parameters.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    [RequiresUnreferencedCode("Binding inspects the handler's parameter and model types with reflection.")]
    [RequiresDynamicCode("Binding compiles expressions and closes generic types over the handler's parameter types.")]
    public static HandlerEndpoint CreateFromMethod(MethodInfo method, object? target, HandlerOptions? options = null, IReadOnlyCollection<string>? pathParameters = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!method.IsStatic)
        {
            ArgumentNullException.ThrowIfNull(target);
        }

        options ??= new HandlerOptions();
        options.Validate();
        return new HandlerEndpoint(Handlers.HandlerPlanBuilder.Build(method, target, options, pathParameters ?? NoPathParameters));
    }

    private async ValueTask RunAsync(Scope scope, Receive receive, Send send)
    {
        var context = new Handlers.RequestContext(_plan, scope, receive, send);
        try
        {
            if (_plan.BodyKind != Handlers.BodyKind.None && scope.Type == ScopeType.Http)
            {
                var outcome = await context.ReadBodyAsync().ConfigureAwait(false);
                if (outcome != Handlers.BodyOutcome.Read)
                {
                    var (status, title, detail) = outcome switch
                    {
                        Handlers.BodyOutcome.TooLarge => (413, "Content Too Large", $"The request body is larger than {_plan.Options.MaxBodySize} bytes."),
                        Handlers.BodyOutcome.Malformed => (context.BodyProblem!.Status, context.BodyProblem.Status == 413 ? "Content Too Large" : "Bad Request", context.BodyProblem.Detail ?? context.BodyProblem.Message),
                        _ => (415, "Unsupported Media Type", _plan.BodyKind == Handlers.BodyKind.Json
                            ? "The request body must be application/json."
                            : "The request body must be application/x-www-form-urlencoded or multipart/form-data."),
                    };
                    await ProblemResponses.WriteAsync(scope, send, status, title, detail, errors: null, _plan.Options.JsonOptions).ConfigureAwait(false);
                    return;
                }
            }

            await _plan.Invoke(context).ConfigureAwait(false);
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }
}