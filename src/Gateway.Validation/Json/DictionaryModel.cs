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

    public override bool TryRead(JsonElement element, RequestContext context, out Dictionary<string, TValue> value)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            context.AddError(ErrorKind.DictType, element.Clone());
            value = null!;
            return false;
        }

        value = new Dictionary<string, TValue>(StringComparer.Ordinal);
        var valid = true;
        foreach (var property in element.EnumerateObject())
        {
            context.Push(property.Name);
            valid &= _value.TryRead(property.Value, context, out var read);
            context.Pop();
            value[property.Name] = read;
        }

        return valid;
    }
}