using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>JSON objects read into string-keyed dictionaries; each value's errors carry its key.</summary>
internal sealed class DictionaryModel<TValue> : JsonModel<Dictionary<string, TValue>>
{
    private readonly JsonModel<TValue> _value;

    public DictionaryModel(JsonModel value) => _value = (JsonModel<TValue>)value;

    public JsonModel Value => _value;

    public override JsonModel? Wrapped => _value;

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out Dictionary<string, TValue> value)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.AddError(ErrorKind.DictType, Input(ref reader));
            value = null!;
            return false;
        }

        value = new Dictionary<string, TValue>(StringComparer.Ordinal);
        var valid = true;

        // Every occurrence of a repeated key is read and checked; the last one is kept.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            context.Push(key);
            valid &= _value.TryRead(ref reader, context, out var read);
            context.Pop();
            value[key] = read;
        }

        return valid;
    }
}