using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>JSON arrays read into arrays, lists, sets or their interfaces; each element's errors carry its index.</summary>
internal sealed class CollectionModel<TElement, TCollection> : JsonModel<TCollection>
{
    private readonly JsonModel<TElement> _element;
    private readonly Func<List<TElement>, TCollection> _create;

    public CollectionModel(JsonModel element, Func<List<TElement>, TCollection> create)
    {
        _element = (JsonModel<TElement>)element;
        _create = create;
    }

    public JsonModel Element => _element;

    public override JsonModel? Wrapped => _element;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out TCollection value)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.AddError(ErrorKind.ListType, Input(ref reader));
            value = default!;
            return false;
        }

        var list = new List<TElement>();
        var valid = true;
        var index = 0;

        // The text is well-formed, so the array ends before the reader does.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            context.Push(index++);
            valid &= _element.TryRead(ref reader, context, out var read);
            context.Pop();
            list.Add(read);
        }

        value = _create(list);
        return valid;
    }
}