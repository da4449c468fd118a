using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>A reference type annotated nullable: JSON null is null, anything else is read by the inner model.</summary>
internal sealed class NullableReferenceModel<T> : JsonModel<T?>
    where T : class
{
    private readonly JsonModel<T> _inner;

    public NullableReferenceModel(JsonModel inner) => _inner = (JsonModel<T>)inner;

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