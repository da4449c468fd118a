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

    public override bool TryRead(JsonElement element, RequestContext context, out T? value)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            value = null;
            return true;
        }

        var read = _inner.TryRead(element, context, out var inner);
        value = inner;
        return read;
    }
}