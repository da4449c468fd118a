using System.Text.Json;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>A model for <typeparamref name="TFrom"/> seen as one of its interfaces or bases (a dictionary as an
/// <c>IReadOnlyDictionary</c>).</summary>
internal sealed class CastModel<TFrom, TTo> : JsonModel<TTo>
    where TFrom : TTo
{
    private readonly JsonModel<TFrom> _inner;

    public CastModel(JsonModel inner) => _inner = (JsonModel<TFrom>)inner;

    public JsonModel Inner => _inner;

    public override JsonModel? Wrapped => _inner;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out TTo value)
    {
        var read = _inner.TryRead(ref reader, context, out var inner);
        value = inner;
        return read;
    }

    public override bool TryReadRoot(RequestContext context, out TTo value)
    {
        var read = _inner.TryReadRoot(context, out var inner);
        value = inner;
        return read;
    }
}