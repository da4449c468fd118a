using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>A nullable value type: JSON null is null, anything else is read as the underlying type.</summary>
internal sealed class NullableModel<T> : JsonModel<T?>
    where T : struct
{
    private readonly JsonModel<T> _inner;

    public NullableModel(JsonModel inner) => _inner = (JsonModel<T>)inner;

    public JsonModel Inner => _inner;

    public override JsonModel? Wrapped => _inner;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T? value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            return true;
        }

        var read = _inner.TryRead(ref reader, context, out var inner);
        value = inner;
        return read;
    }

    public override bool TryReadRoot(RequestContext context, out T? value)
    {
        if (context.RootIsNull)
        {
            value = null;
            return true;
        }

        var read = _inner.TryReadRoot(context, out var inner);
        value = inner;
        return read;
    }
}