using Gateway.Validation.Handlers;

namespace Gateway.Validation.Binding;

/// <summary>Produces one handler argument from a request. Built once per handler parameter; called per request from the
/// handler's compiled invoker, without reflection.</summary>
internal abstract class ParameterBinder
{
    protected ParameterBinder(ParameterDescription description) => Description = description;

    public ParameterDescription Description { get; }

    public virtual bool NeedsServices => false;
}

/// <summary>A <see cref="ParameterBinder"/> producing <typeparamref name="T"/>.</summary>
internal abstract class ParameterBinder<T> : ParameterBinder
{
    protected ParameterBinder(ParameterDescription description)
        : base(description)
    {
    }

    /// <summary>Returns the argument; on failure records errors in <paramref name="context"/> and returns a default.</summary>
    public abstract T Bind(RequestContext context);
}