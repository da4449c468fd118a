using System.Diagnostics.CodeAnalysis;

using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;
using Gateway.Validation.Json;
using Gateway.Validation.Text;

namespace Gateway.Validation.Binding;

/// <summary>Creates the binders of one parameter type. The generic subclass closes every binder over the type where the
/// generated path already knows it statically, so only the reflection path needs <c>MakeGenericType</c> to get one.</summary>
internal abstract class BinderFactory
{
    [RequiresDynamicCode("Closes a generic type over the parameter type.")]
    public static BinderFactory For(Type type) => (BinderFactory)Activator.CreateInstance(typeof(BinderFactory<>).MakeGenericType(type))!;

    public abstract ParameterBinder Special(ParameterDescription description, Delegate getter);

    public abstract ParameterBinder State(ParameterDescription description);

    public abstract ParameterBinder Service(ParameterDescription description);

    public abstract ParameterBinder Body(ParameterDescription description, JsonModel model, ValueValidator? validator, bool embedded);

    public abstract ParameterBinder Text(ParameterDescription description, TextParser parser, ValueValidator? validator, bool secret);
}

/// <summary>A <see cref="BinderFactory"/> for <typeparamref name="T"/>.</summary>
internal sealed class BinderFactory<T> : BinderFactory
{
    public static readonly BinderFactory<T> Instance = new();

    public override ParameterBinder Special(ParameterDescription description, Delegate getter) =>
        new SpecialBinder<T>(description, (Func<RequestContext, T>)getter);

    public override ParameterBinder State(ParameterDescription description) => new StateBinder<T>(description);

    public override ParameterBinder Service(ParameterDescription description) => new ServiceBinder<T>(description);

    public override ParameterBinder Body(ParameterDescription description, JsonModel model, ValueValidator? validator, bool embedded) =>
        new BodyBinder<T>(description, model, validator, embedded);

    public override ParameterBinder Text(ParameterDescription description, TextParser parser, ValueValidator? validator, bool secret) =>
        new TextBinder<T>(description, parser, validator, secret);
}