using System.ComponentModel;

using Gateway.Validation.Binding;

namespace Gateway.Validation.Generated;

/// <summary>One parameter of a generated handler, declared with <see cref="GeneratedHandlerBuilder.Parameter{T}"/>.
/// For code emitted by Gateway.Validation's source generator; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedParameter
{
    private protected GeneratedParameter()
    {
    }

    internal abstract void Attach(ParameterBinder binder);
}

/// <summary>A <see cref="GeneratedParameter"/> producing <typeparamref name="T"/>: it binds through the same binder
/// the reflection path would have chosen, so values, defaults and errors are the same. For code emitted by
/// Gateway.Validation's source generator; not a stable API.</summary>
/// <typeparam name="T">The parameter's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedParameter<T> : GeneratedParameter
{
    private ParameterBinder<T>? _binder;

    internal GeneratedParameter()
    {
    }

    /// <summary>Binds the argument for one request; on failure records the errors in <paramref name="context"/> and
    /// returns a default.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The argument.</returns>
    /// <exception cref="InvalidOperationException">The handler has not been mapped yet.</exception>
    public T Bind(GeneratedContext context) =>
        (_binder ?? throw new InvalidOperationException("The generated handler has not been mapped.")).Bind(context.Context);

    internal override void Attach(ParameterBinder binder) => _binder = (ParameterBinder<T>)binder;
}