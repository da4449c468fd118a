using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;
using Gateway.Validation.Json;

namespace Gateway.Validation.Binding;

/// <summary>A value read from the JSON body: the whole body, or (when a handler has several body parameters) the body
/// member named after the parameter, as FastAPI embeds them.</summary>
internal sealed class BodyBinder<T> : ParameterBinder<T>
{
    private readonly JsonModel<T> _model;
    private readonly ValueValidator? _validator;
    private readonly byte[]? _embeddedName;
    private readonly T _default;

    public BodyBinder(ParameterDescription description, JsonModel model, ValueValidator? validator, bool embedded)
        : base(description)
    {
        _model = (JsonModel<T>)model;
        _validator = validator;
        _embeddedName = embedded ? System.Text.Encoding.UTF8.GetBytes(description.Name) : null;
        _default = description.HasDefaultValue && description.DefaultValue is T typed ? typed : default!;
    }

    public JsonModel Model => _model;

    public override T Bind(RequestContext context)
    {
        if (context.BodyInvalid)
        {
            return _default;
        }

        context.Begin("body");
        var offset = context.HasJson ? 0 : ObjectMember.Absent;
        if (_embeddedName is not null)
        {
            offset = context.HasJson ? context.FindRootMember(_embeddedName) : ObjectMember.Absent;
            context.Push(Description.Name);
        }

        T value;
        if (offset == ObjectMember.Absent)
        {
            if (Description.IsRequired)
            {
                context.AddMissing();
            }

            value = _default;
        }
        else
        {
            bool read;
            if (offset == 0)
            {
                read = _model.TryReadRoot(context, out value);
            }
            else
            {
                var reader = context.OpenJson(offset, out var outer);
                read = _model.TryRead(ref reader, context, out value);
                context.CloseJson(outer);
            }

            if (read)
            {
                _validator?.Validate(value, context);
            }
        }

        if (_embeddedName is not null)
        {
            context.Pop();
        }

        return value;
    }
}