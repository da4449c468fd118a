using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

using Gateway.Routing;
using Gateway.Validation.Binding;
using Gateway.Validation.Checks;
using Gateway.Validation.Json;
using Gateway.Validation.Text;

using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Validation.Handlers;

/// <summary>Turns a handler method into a <see cref="HandlerPlan"/>: one binder per parameter chosen by attribute or
/// convention, and an invoker compiled with System.Linq.Expressions so that requests run no reflection. Handlers the
/// source generator described share <see cref="CreateBinders"/> and bring their own typed invoker and, for each parameter,
/// its typed parsers and model (<see cref="HandlerParameter.Generated"/>): then nothing here reflects, and the reflection
/// fallbacks sit behind <see cref="ValidationFeatures.IsReflectionSupported"/>.</summary>
internal static class HandlerPlanBuilder
{
    public const string ReflectionMessage = "Handlers mapped without the source generator are planned by reflection and compiled expressions.";

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static HandlerPlan Build(MethodInfo method, object? target, HandlerOptions options, IReadOnlyCollection<string> pathParameters, Router? router)
    {
        var requestOptions = ResolveOptions(options, router?.Options ?? RouterOptions.Default);
        var nullabilityContext = new NullabilityInfoContext();
        var parameters = method.GetParameters();
        var described = new HandlerParameter[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            described[i] = Describe(parameters[i], nullabilityContext);
        }

        var binders = CreateBinders(described, () => method.Name, options, requestOptions, pathParameters, out var bodyKind);
        var returnType = method.ReturnType;
        object? executor = null;
        IReadOnlyList<ProducesResponse> responses = [NoContent];
        if (returnType != typeof(void))
        {
            (executor, responses) = ResultExecutors.Create(returnType, requestOptions.JsonOptions);
        }

        var plan = new HandlerPlan(options, router, requestOptions, bodyKind, binders, responses);
        plan.Invoke = CompileInvoker(method, target, binders, executor);
        return plan;
    }

    /// <summary>The responses of a handler that returns nothing.</summary>
    public static IReadOnlyList<ProducesResponse> NoContentResponses { get; } = [new ProducesResponse(204, null, null)];

    /// <summary>Chooses every parameter's source and creates its binder: the part of planning both the reflection path and
    /// generated code share, so that they bind alike.</summary>
    /// <exception cref="InvalidOperationException">A parameter cannot be bound as declared.</exception>
    public static ParameterBinder[] CreateBinders(IReadOnlyList<HandlerParameter> parameters, Func<string> handlerName, HandlerOptions options, RouterOptions requestOptions, IReadOnlyCollection<string> pathParameters, out BodyKind bodyKind)
    {
        var catalog = ModelCatalog.For(requestOptions.JsonOptions);
        var services = options.Services ?? requestOptions.Services;
        var isService = services?.GetService(typeof(IServiceProviderIsService)) as IServiceProviderIsService;

        var sources = new ParameterSource[parameters.Count];
        var bodyCount = 0;
        var formCount = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            sources[i] = SourceOf(parameters[i], pathParameters, isService);
            bodyCount += sources[i] == ParameterSource.Body ? 1 : 0;
            formCount += sources[i] == ParameterSource.Form ? 1 : 0;
        }

        if (bodyCount > 0 && formCount > 0)
        {
            throw new InvalidOperationException($"The handler {handlerName()} reads both a JSON body and form fields; a request has one body.");
        }

        var binders = new ParameterBinder[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            binders[i] = CreateBinder(parameters[i], sources[i], catalog, embedded: bodyCount > 1, pathParameters);
        }

        bodyKind = bodyCount > 0 ? BodyKind.Json : formCount > 0 ? BodyKind.Form : BodyKind.None;
        return binders;
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static HandlerParameter Describe(ParameterInfo parameter, NullabilityInfoContext nullabilityContext)
    {
        var type = parameter.ParameterType;
        var nullability = nullabilityContext.Create(parameter);
        return new HandlerParameter(parameter.Name!, type, parameter.GetCustomAttributes().ToArray(), parameter.HasDefaultValue,
            parameter.HasDefaultValue ? parameter.DefaultValue : null, ModelCatalog.IsNullable(type, nullability), nullability, BinderFactory.For(type));
    }

    private static readonly ProducesResponse NoContent = NoContentResponses[0];

    /// <summary>The router's options with the handler's own in their place (the router's instance when the handler
    /// overrides nothing), JSON options frozen.</summary>
    public static RouterOptions ResolveOptions(HandlerOptions options, RouterOptions router)
    {
        var json = JsonDefaults.Freeze(options.JsonOptions ?? router.JsonOptions);
        if (ReferenceEquals(json, router.JsonOptions) && options.MaxBodySize is null)
        {
            return router;
        }

        var form = router.Form;
        if (options.MaxBodySize is { } max)
        {
            form = new FormOptions
            {
                MaxBodySize = max,
                MaxFields = form.MaxFields,
                MaxFieldSize = (int)Math.Min(form.MaxFieldSize, max),
                MaxFileSize = (int)Math.Min(form.MaxFileSize, max),
                MaxPartHeaderSize = form.MaxPartHeaderSize,
            };
        }

        return new RouterOptions
        {
            Convertors = router.Convertors,
            RedirectSlashes = router.RedirectSlashes,
            RedirectStatus = router.RedirectStatus,
            JsonOptions = json,
            MaxBodySize = options.MaxBodySize ?? router.MaxBodySize,
            Form = form,
            Services = router.Services,
            LoggerFactory = router.LoggerFactory,
        };
    }

    private static ParameterSource SourceOf(HandlerParameter parameter, IReadOnlyCollection<string> pathParameters, IServiceProviderIsService? isService)
    {
        var type = parameter.Type;
        if (SpecialBinder<int>.GetterFor(type) is not null)
        {
            return ParameterSource.Special;
        }

        if (parameter.Attributes.OfType<IBindingSourceAttribute>().FirstOrDefault() is { } explicitSource)
        {
            return explicitSource.Source;
        }

        if (pathParameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase))
        {
            return ParameterSource.Path;
        }

        if (IsTextOrTextCollection(parameter))
        {
            return ParameterSource.Query;
        }

        if (isService is not null ? isService.IsService(type) : (type.IsInterface || type.IsAbstract) && !IsCollection(parameter))
        {
            return ParameterSource.Services;
        }

        return ParameterSource.Body;
    }

    private static bool IsTextOrTextCollection(HandlerParameter parameter)
    {
        if (parameter.Generated is { } generated)
        {
            return generated.Text is not null || generated.TextElement is not null;
        }

        if (ValidationFeatures.IsReflectionSupported)
        {
            var type = parameter.Type;
            return TextParser.IsSimple(type) || (CollectionShape.TryGetElement(type, out var element, out _) && TextParser.IsSimple(element));
        }

        throw ValidationFeatures.NotDescribed(parameter.Type, "binding");
    }

    private static bool IsCollection(HandlerParameter parameter) => parameter.Generated is { } generated
        ? generated.IsCollection
        : CollectionShape.ElementOf(parameter.Type) is not null || CollectionShape.TryGetDictionaryValue(parameter.Type, out _);

    private static JsonModel BodyModel(HandlerParameter parameter, ModelCatalog catalog)
    {
        // A type the generator could not model (GWV006) is built by reflection where the app may reflect, as before.
        if (parameter.Generated?.Model(catalog) is { } generated)
        {
            return generated;
        }

        if (ValidationFeatures.IsReflectionSupported)
        {
            return catalog.Get(parameter.Type, parameter.IsNullable && !parameter.Type.IsValueType, parameter.Nullability);
        }

        throw ValidationFeatures.NotDescribed(parameter.Type, "JSON model");
    }

    private static TextParser? TextParserOf(HandlerParameter parameter)
    {
        if (parameter.Generated is { } generated)
        {
            return generated.Text;
        }

        if (ValidationFeatures.IsReflectionSupported)
        {
            return TextParser.Create(parameter.Type);
        }

        throw ValidationFeatures.NotDescribed(parameter.Type, "text parser");
    }

    private static ParameterBinder? TextArrayBinder(HandlerParameter parameter, ParameterDescription description, ValueValidator? validator)
    {
        if (parameter.Generated is { } generated)
        {
            return generated.TextArray(description, validator);
        }

        if (ValidationFeatures.IsReflectionSupported)
        {
            return ReflectedTextArrayBinder(parameter.Type, description, validator);
        }

        throw ValidationFeatures.NotDescribed(parameter.Type, "text parser");
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static ParameterBinder? ReflectedTextArrayBinder(Type type, ParameterDescription description, ValueValidator? validator) =>
        CollectionShape.TryGetElement(type, out var element, out var create) && TextParser.Create(element) is { } elementParser
            ? (ParameterBinder)Activator.CreateInstance(typeof(TextArrayBinder<,>).MakeGenericType(element, type), description, elementParser, create, validator)!
            : null;

    private static void DescribeText(HandlerParameter parameter, ParameterDescription description)
    {
        if (parameter.Generated is { } generated)
        {
            description.IsText = generated.Text is not null;
            description.TextElement = generated.TextElement;
        }
        else if (ValidationFeatures.IsReflectionSupported)
        {
            description.IsText = TextParser.IsSimple(parameter.Type);
            description.TextElement = CollectionShape.TryGetElement(parameter.Type, out var element, out _) && TextParser.IsSimple(element) ? element : null;
        }
    }

    private static ParameterBinder CreateBinder(HandlerParameter parameter, ParameterSource source, ModelCatalog catalog, bool embedded, IReadOnlyCollection<string> pathParameters)
    {
        var type = parameter.Type;
        var attributes = parameter.Attributes;
        var nullable = parameter.IsNullable;
        var hasDefault = parameter.HasDefault;
        var defaultValue = hasDefault ? parameter.DefaultValue : null;
        var validation = attributes.OfType<ValidationAttribute>().ToArray();
        var explicitName = attributes.OfType<IBindingSourceAttribute>().FirstOrDefault()?.Name;
        var required = source == ParameterSource.Path || validation.Any(a => a is RequiredAttribute) || (!hasDefault && !nullable);
        var name = explicitName ?? parameter.Name;
        if (source == ParameterSource.Header)
        {
            name = explicitName?.ToLowerInvariant() ?? TextSources.HeaderName(parameter.Name);
        }
        else if (source == ParameterSource.Path && explicitName is null)
        {
            name = pathParameters.FirstOrDefault(p => string.Equals(p, parameter.Name, StringComparison.OrdinalIgnoreCase)) ?? name;
        }

        var description = new ParameterDescription(name, parameter.Name, source, type, required, nullable, hasDefault, defaultValue, validation,
            attributes.OfType<DescriptionAttribute>().FirstOrDefault()?.Description);
        var validator = ValueValidator.Create(validation, parameter.Name);
        var secret = ValueValidator.IsSecret(attributes);
        DescribeText(parameter, description);

        switch (source)
        {
            case ParameterSource.Special:
                return parameter.Binders.Special(description, SpecialBinder<int>.GetterFor(type)!);
            case ParameterSource.State:
                return parameter.Binders.State(description);
            case ParameterSource.Services:
                return parameter.Binders.Service(description);
            case ParameterSource.Body:
                var model = BodyModel(parameter, catalog);
                description.Model = model;
                return parameter.Binders.Body(description, model, validator, embedded);
            default:
                if (TextParserOf(parameter) is { } parser)
                {
                    return parameter.Binders.Text(description, parser, validator, secret);
                }

                if (source != ParameterSource.Path && TextArrayBinder(parameter, description, validator) is { } arrayBinder)
                {
                    return arrayBinder;
                }

                throw new InvalidOperationException(
                    $"The handler parameter '{parameter.Name}' of type {type} cannot be bound from the {source.ToString().ToLowerInvariant()}: only simple types (and, outside the path, collections of them) are read from text.");
        }
    }

    /// <summary>Compiles <c>context =&gt; { var a0 = binder0.Bind(context); ...; return context.HasErrors ?
    /// WriteErrors(context) : executor.Execute(context, handler(a0, ...)); }</c>.</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static Func<RequestContext, ValueTask> CompileInvoker(MethodInfo method, object? target, ParameterBinder[] binders, object? executor)
    {
        var context = Expression.Parameter(typeof(RequestContext), "context");
        var locals = new ParameterExpression[binders.Length];
        var body = new List<Expression>();
        for (var i = 0; i < binders.Length; i++)
        {
            var binderType = binders[i].GetType();
            var bind = binderType.GetMethod(nameof(ParameterBinder<int>.Bind))!;
            locals[i] = Expression.Variable(bind.ReturnType, "arg" + i);
            body.Add(Expression.Assign(locals[i], Expression.Call(Expression.Constant(binders[i], binderType), bind, context)));
        }

        Expression call = method.IsStatic
            ? Expression.Call(method, locals)
            : Expression.Call(Expression.Constant(target, method.DeclaringType!), method, locals);

        Expression respond;
        if (executor is null)
        {
            respond = Expression.Block(call, Expression.Call(typeof(ResultExecutors).GetMethod(nameof(ResultExecutors.CompleteEmpty))!, context));
        }
        else
        {
            var execute = executor.GetType().GetMethod(nameof(ResultExecutor<int>.Execute))!;
            respond = Expression.Call(Expression.Constant(executor), execute, context, call);
        }

        var hasErrors = Expression.Property(context, nameof(RequestContext.HasErrors));
        var writeErrors = Expression.Call(typeof(HandlerPlanBuilder).GetMethod(nameof(WriteErrors), BindingFlags.Public | BindingFlags.Static)!, context);
        body.Add(Expression.Condition(hasErrors, writeErrors, respond));
        return Expression.Lambda<Func<RequestContext, ValueTask>>(Expression.Block(locals, body), context).Compile();
    }

    public static ValueTask WriteErrors(RequestContext context) => context.Scope.Type == ScopeType.WebSocket
        ? RefuseWebSocket(context)
        : new ProblemResponse(ProblemDetails.ForValidation(context.Errors)).Invoke(context.Scope, context.Receive, context.Send);

    // A WebSocket handshake with invalid parameters is refused with the 422 problem when the server can send denial
    // responses, otherwise with close code 1008 (policy violation) naming the first problem.
    private static async ValueTask RefuseWebSocket(RequestContext context)
    {
        var message = await context.Receive(context.Scope.Aborted).ConfigureAwait(false);
        if (message is WebSocketConnect && context.Scope.Extensions.Has<IWebSocketDenialResponseCapability>())
        {
            await new ProblemResponse(ProblemDetails.ForValidation(context.Errors)).Invoke(context.Scope, context.Receive, context.Send).ConfigureAwait(false);
        }
        else if (message is WebSocketConnect)
        {
            var first = context.Errors[0];
            var reason = $"{string.Join('.', first.Location)}: {first.Message}";
            await context.Send(new WebSocketClose(1008, reason.Length > 120 ? reason[..120] : reason), context.Scope.Aborted).ConfigureAwait(false);
        }
    }
}