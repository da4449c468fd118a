using System.ComponentModel;

using Gateway.Routing;
using Gateway.Validation.Binding;
using Gateway.Validation.Handlers;

namespace Gateway.Validation.Generated;

/// <summary>
/// Maps a handler that Gateway.Validation's source generator described at compile time: the generated interceptor of a
/// <c>MapGet</c>/<c>MapPost</c>/... call declares each parameter (its name, type, default, nullability and attributes,
/// as written in the source) and the return type, then maps an invoker that binds, checks and calls the handler
/// directly. Source choice, binders, validation and result writing are the reflection path's own, so both answer byte
/// for byte alike; the types' JSON models, text parsers and result writers are built by typed generated code (see
/// <see cref="GeneratedBinding"/>, <see cref="GeneratedModels"/>, <see cref="GeneratedReturns"/>), so nothing on this
/// path reflects over types, closes generic types at run time or compiles expressions: it is trim- and Native AOT-safe.
/// For code emitted by the generator; not a stable API.
/// </summary>
/// <remarks>Use once: declare the parameters and the result, then call one of the <c>Map</c> methods.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedHandlerBuilder
{
    private readonly IRouteBuilder _builder;
    private readonly string _pattern;
    private readonly HandlerOptions _options;
    private readonly RouterOptions _requestOptions;
    private readonly string[] _pathParameters;
    private readonly List<HandlerParameter> _parameters = [];
    private readonly List<GeneratedParameter> _declared = [];
    private IReadOnlyList<ProducesResponse> _responses = HandlerPlanBuilder.NoContentResponses;

    private GeneratedHandlerBuilder(IRouteBuilder builder, string pattern, HandlerOptions options)
    {
        _builder = builder;
        _pattern = pattern;
        _options = options;
        _pathParameters = HandlerRouteExtensions.PathParameterNames(builder, pattern);
        _requestOptions = HandlerPlanBuilder.ResolveOptions(options, builder.Router.Options);
    }

    /// <summary>Starts describing a handler mapped on <paramref name="builder"/> at <paramref name="pattern"/>.</summary>
    /// <param name="builder">The router or group.</param>
    /// <param name="pattern">The route template.</param>
    /// <param name="options">The handler's options, or null for the router's defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static GeneratedHandlerBuilder Create(IRouteBuilder builder, string pattern, HandlerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(pattern);
        options ??= new HandlerOptions();
        options.Validate();
        return new GeneratedHandlerBuilder(builder, pattern, options);
    }

    /// <summary>Declares the handler's next parameter, in declaration order.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter's name.</param>
    /// <param name="hasDefault">Whether it declares a default value.</param>
    /// <param name="defaultValue">The default value, boxed as reflection would report it.</param>
    /// <param name="isNullable">A nullable value type or a reference type annotated nullable.</param>
    /// <param name="binding">The type's parsers and model, as the generator described them.</param>
    /// <param name="attributes">Its binding-source, validation, description and secrecy attributes, as declared.</param>
    /// <returns>The parameter, to bind per request once the handler is mapped.</returns>
    public GeneratedParameter<T> Parameter<T>(string name, bool hasDefault, object? defaultValue, bool isNullable, GeneratedBinding<T> binding, params Attribute[] attributes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(attributes);
        _parameters.Add(new HandlerParameter(name, typeof(T), attributes, hasDefault, defaultValue, isNullable, null, BinderFactory<T>.Instance, binding));
        var parameter = new GeneratedParameter<T>();
        _declared.Add(parameter);
        return parameter;
    }

    /// <summary>Declares the handler's return type (not called for <c>void</c>).</summary>
    /// <typeparam name="T">The declared return type.</typeparam>
    /// <param name="shape">How its values become responses, as the generator chose it.</param>
    /// <returns>The writer of its values.</returns>
    public GeneratedResult<T> Result<T>(GeneratedReturn<T> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (executor, responses) = shape.Create(_requestOptions.JsonOptions);
        _responses = responses;
        return new GeneratedResult<T>(executor);
    }

    /// <summary>Maps the handler for HTTP <paramref name="methods"/>.</summary>
    /// <param name="methods">The HTTP methods.</param>
    /// <param name="handler">The user's handler (its name appears in configuration errors).</param>
    /// <param name="invoke">The generated invoker: binds every parameter, answers errors, calls the handler, writes the
    /// result.</param>
    /// <returns>The route, with the <see cref="HandlerEndpoint"/> as metadata.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    public RouteBuilder MapMethods(IReadOnlyList<string> methods, Delegate handler, Func<GeneratedContext, ValueTask> invoke)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var endpoint = Build(handler, invoke);
        return _builder.MapMethods(_pattern, methods, endpoint.App).WithMetadata(endpoint);
    }

    /// <summary>Maps the handler for WebSocket connections.</summary>
    /// <param name="handler">The user's handler.</param>
    /// <param name="invoke">The generated invoker.</param>
    /// <returns>The route, with the <see cref="HandlerEndpoint"/> as metadata.</returns>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    public RouteBuilder MapWebSocket(Delegate handler, Func<GeneratedContext, ValueTask> invoke)
    {
        var endpoint = Build(handler, invoke);
        return _builder.MapWebSocket(_pattern, endpoint.App).WithMetadata(endpoint);
    }

    private HandlerEndpoint Build(Delegate handler, Func<GeneratedContext, ValueTask> invoke)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(invoke);
        // The handler's name is read (through reflection) only for the message of a configuration error.
        var binders = HandlerPlanBuilder.CreateBinders(_parameters, () => handler.Method.Name, _options, _requestOptions, _pathParameters, out var bodyKind);
        for (var i = 0; i < binders.Length; i++)
        {
            _declared[i].Attach(binders[i]);
        }

        var plan = new HandlerPlan(_options, _builder.Router, _requestOptions, bodyKind, binders, _responses) { IsGenerated = true };
        plan.Invoke = context => invoke(new GeneratedContext(context));
        return new HandlerEndpoint(plan);
    }
}