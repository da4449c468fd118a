using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>A nullable value: JSON <c>null</c> is null, anything else is read by the inner model.</summary>
/// <typeparam name="TInner">The type the inner model reads.</typeparam>
/// <typeparam name="TValue">The nullable type (<c>Nullable&lt;TInner&gt;</c>, or the annotated reference type).</typeparam>
internal abstract class NullOrModel<TInner, TValue> : JsonModel<TValue>
{
    private readonly JsonModel<TInner> _inner;

    protected NullOrModel(JsonModel inner) => _inner = (JsonModel<TInner>)inner;

    public JsonModel Inner => _inner;

    public override JsonModel? Wrapped => _inner;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out TValue value)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = default!;
            return true;
        }

        var read = _inner.TryRead(ref reader, context, out var inner);
        value = Wrap(inner);
        return read;
    }

    public override bool TryReadRoot(RequestContext context, out TValue value)
    {
        if (context.RootIsNull)
        {
            value = default!;
            return true;
        }

        var read = _inner.TryReadRoot(context, out var inner);
        value = Wrap(inner);
        return read;
    }

    /// <summary>The inner model's value as the nullable type.</summary>
    protected abstract TValue Wrap(TInner value);
}
