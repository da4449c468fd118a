using System.Diagnostics.CodeAnalysis;
using System.Reflection;

using Gateway.Routing;

namespace Gateway.Validation;

/// <summary>
/// A handler (an ordinary delegate or method) made into a <see cref="GatewayApp"/>: its parameters bound from the request
/// by attribute or convention, validated with DataAnnotations, a 422 <c>application/problem+json</c> listing every error
/// when they are invalid, and its return value sent as a response (see <c>MapGet</c>). The binding plan is built here,
/// once; requests run a compiled delegate without reflection.
/// </summary>
/// <remarks>
/// Errors are problems, as the router's 404: an <see cref="HttpException"/> thrown by the handler (or by a body over
/// the limit, 413, or of another media type, 415) becomes its status's problem; any other exception is logged (the
/// router's <see cref="RouterOptions.LoggerFactory"/>, else the scope's <c>ILoggerFactory</c>, else standard error) and
/// answered with a 500 problem that reveals nothing about it. After the response started nothing else can be sent: the
/// exception is logged and rethrown, so the server aborts the response. A client that left and a cancelled
/// <see cref="Scope.Aborted"/> pass through untouched.
/// </remarks>
public sealed class HandlerEndpoint
{
    private static readonly string[] NoPathParameters = [];
    private readonly Handlers.HandlerPlan _plan;

    internal HandlerEndpoint(Handlers.HandlerPlan plan)
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

    /// <summary>The responses the handler's return type says it sends (a value type's 200 JSON, a string's text, a
    /// task's 204); empty when the type cannot tell, as for a <see cref="Response"/>: declare those with
    /// <see cref="RouteDocumentation"/>.</summary>
    public IReadOnlyList<ProducesResponse> Responses => _plan.Responses;

    /// <summary>Whether the endpoint was planned by the source generator shipped with this package (the handler's
    /// <c>Map*</c> call was intercepted at compile time) rather than by reflection at registration. Both bind and answer
    /// alike; tools and tests read this to know which path a handler took.</summary>
    public bool IsGenerated => _plan.IsGenerated;

    /// <summary>The options the endpoint was built with.</summary>
    public HandlerOptions Options => _plan.Options;

    /// <summary>The JSON options the handler reads and writes with (its own, or its router's).</summary>
    public System.Text.Json.JsonSerializerOptions JsonOptions => _plan.JsonOptions;

    /// <summary>Builds the endpoint for a delegate.</summary>
    /// <param name="handler">The handler: any delegate, sync or async.</param>
    /// <param name="options">Binding options, or null for the router's defaults.</param>
    /// <param name="pathParameters">The names of the route template's parameters: a handler parameter with one of these
    /// names binds from the path by convention.</param>
    /// <param name="router">The router the handler is mapped on: its options are the defaults, and requests can
    /// generate its URLs; null for <see cref="RouterOptions"/>' defaults.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    [RequiresUnreferencedCode("Binding inspects the handler's parameter and model types with reflection.")]
    [RequiresDynamicCode("Binding compiles expressions and closes generic types over the handler's parameter types.")]
    public static HandlerEndpoint Create(Delegate handler, HandlerOptions? options = null, IReadOnlyCollection<string>? pathParameters = null, Router? router = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return CreateFromMethod(handler.Method, handler.Target, options, pathParameters, router);
    }

    /// <summary>Builds the endpoint for a method.</summary>
    /// <param name="method">The handler method.</param>
    /// <param name="target">The instance for an instance method, null for a static one.</param>
    /// <param name="options">Binding options, or null for the router's defaults.</param>
    /// <param name="pathParameters">The names of the route template's parameters.</param>
    /// <param name="router">The router the handler is mapped on, or null.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    [RequiresUnreferencedCode("Binding inspects the handler's parameter and model types with reflection.")]
    [RequiresDynamicCode("Binding compiles expressions and closes generic types over the handler's parameter types.")]
    public static HandlerEndpoint CreateFromMethod(MethodInfo method, object? target, HandlerOptions? options = null, IReadOnlyCollection<string>? pathParameters = null, Router? router = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!method.IsStatic)
        {
            ArgumentNullException.ThrowIfNull(target);
        }

        options ??= new HandlerOptions();
        options.Validate();
        return new HandlerEndpoint(Handlers.HandlerPlanBuilder.Build(method, target, options, pathParameters ?? NoPathParameters, router));
    }

    private async ValueTask RunAsync(Scope scope, Receive receive, Send send)
    {
        var context = new Handlers.RequestContext(_plan, scope, receive, send);
        try
        {
            if (_plan.BodyKind != Handlers.BodyKind.None && scope.Type == ScopeType.Http)
            {
                await context.ReadBodyAsync().ConfigureAwait(false);
            }

            await _plan.Invoke(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (scope.Type == ScopeType.Http && exception is not ClientDisconnectedException
            && !(exception is OperationCanceledException && scope.Aborted.IsCancellationRequested))
        {
            await AnswerAsync(context, exception).ConfigureAwait(false);
        }
        finally
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The response is answered unless it started: then the send of a new start fails the contract's check
    // (InvalidOperationException) and the original exception goes to the server, which aborts the response.
    private async ValueTask AnswerAsync(Handlers.RequestContext context, Exception exception)
    {
        var scope = context.Scope;
        var logger = ErrorLog.For(scope, null, _plan.RequestOptions.LoggerFactory);
        ProblemResponse answer;
        if (exception is HttpException http)
        {
            answer = new ProblemResponse(http.ToProblem(), http.Headers);
        }
        else
        {
            answer = new ProblemResponse(new ProblemDetails(500));
        }

        if (!context.ResponseStarted)
        {
            try
            {
                await answer.Invoke(scope, context.Receive, context.Send).ConfigureAwait(false);
                if (exception is not HttpException)
                {
                    ErrorLog.Unhandled(logger, exception, scope.ToString());
                }

                return;
            }
            catch (InvalidOperationException)
            {
                // The handler had started the response: fall through.
            }
        }

        ErrorLog.AfterStart(logger, exception, scope.ToString());
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
    }
}