using Gateway.Validation.Handlers;

namespace Gateway.Validation.Binding;

/// <summary>A service from the request's scope; a required one that is not registered is a server error, not a client's.</summary>
internal sealed class ServiceBinder<T> : ParameterBinder<T>
{
    public ServiceBinder(ParameterDescription description)
        : base(description)
    {
    }

    public override bool NeedsServices => true;

    public override T Bind(RequestContext context)
    {
        var service = context.Services?.GetService(typeof(T));
        if (service is T typed)
        {
            return typed;
        }

        return Description.IsRequired
            ? throw new InvalidOperationException($"The handler parameter '{Description.ParameterName}' needs a {typeof(T)} service, but the request's services have none.")
            : default!;
    }
}