using Gateway.Validation.Handlers;

namespace Gateway.Validation.Binding;

/// <summary>Reads a value a middleware stored in <see cref="Scope.State"/>.</summary>
internal sealed class StateBinder<T> : ParameterBinder<T>
{
    public StateBinder(ParameterDescription description)
        : base(description)
    {
    }

    public override T Bind(RequestContext context)
    {
        if (context.Scope.State.TryGet<T>(Description.Name, out var value))
        {
            return value;
        }

        return Description.IsRequired
            ? throw new InvalidOperationException($"The handler parameter '{Description.ParameterName}' needs a {typeof(T)} in the scope state under '{Description.Name}', and there is none: the middleware that sets it did not run.")
            : default!;
    }
}