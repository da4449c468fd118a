using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;

using Gateway.Validation.Handlers;
using Gateway.Validation.Json;
using Gateway.Validation.Text;

namespace Gateway.Validation.OpenApi;

/// <summary>JSON Schema (2020-12, as OpenAPI 3.1 uses) for the binding models, in the shape Pydantic gives FastAPI:
/// objects and enums as <c>components/schemas</c> entries with titles, constraints from the validation attributes,
/// nullable values as <c>anyOf</c> with <c>null</c>.</summary>
internal sealed class SchemaGenerator
{
    private readonly JsonObject _components = [];
    private readonly Dictionary<Type, string> _names = [];
    private readonly ModelCatalog _catalog;

    public SchemaGenerator(ModelCatalog catalog) => _catalog = catalog;

    public JsonObject Components => _components;

    public JsonObject ForType(Type type, bool nullable = false)
    {
        // A reference annotated nullable reads through NullableReferenceModel, whose schema is this anyOf.
        var schema = ForModel(_catalog.Resolve(type, "schema"));
        return nullable && !type.IsValueType ? new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) } : schema;
    }

    public JsonObject ForModel(JsonModel model)
    {
        var type = model.GetType();
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(NullableModel<>) || definition == typeof(NullableReferenceModel<>))
            {
                return new JsonObject { ["anyOf"] = new JsonArray(ForModel(model.Wrapped!), new JsonObject { ["type"] = "null" }) };
            }

            if (definition == typeof(CastModel<,>))
            {
                return ForModel(model.Wrapped!);
            }

            if (definition == typeof(CollectionModel<,>))
            {
                return new JsonObject { ["type"] = "array", ["items"] = ForModel(model.Wrapped!) };
            }

            if (definition == typeof(DictionaryModel<>))
            {
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForModel(model.Wrapped!) };
            }

            if (definition == typeof(ObjectModel<>))
            {
                return Reference(model.Type, () => ObjectSchema(model.Type, (IObjectModel)model));
            }
        }

        return ForSimple(model.Type, model is ITextModel);
    }

    /// <summary>The schema of a text-source parameter (a simple type or a collection of them) or a body member, with the
    /// parameter's constraints and default.</summary>
    public JsonObject ForSimpleOrCollection(Type type, ParameterDescription parameter)
    {
        JsonObject schema;
        if (parameter.Source != ParameterSource.Body && parameter.TextElement is { } element)
        {
            schema = new JsonObject { ["type"] = "array", ["items"] = ForSimple(element, isText: true) };
        }
        else if (parameter.IsText)
        {
            schema = ForSimple(type, isText: true);
        }
        else
        {
            schema = parameter.Model is { } model ? ForModel(model) : ForType(type, parameter.IsNullable && !type.IsValueType);
        }

        if (parameter.IsNullable && !type.IsValueType && schema["anyOf"] is null && (parameter.IsText || parameter.Source != ParameterSource.Body))
        {
            schema = new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }

        ApplyConstraints(schema, parameter.ValidationAttributes);
        if (parameter.HasDefaultValue && parameter.DefaultValue is not null)
        {
            schema["default"] = ValueNode(parameter.DefaultValue, _catalog.Options);
        }

        schema["title"] ??= Title(parameter.Name);
        return schema;
    }

    /// <summary>The schema of a value read from text or JSON scalars.</summary>
    /// <param name="type">The type.</param>
    /// <param name="isText">Whether the type is known to be read from text (a type with a <c>TryParse</c> method is
    /// recognized without reflection only then).</param>
    public JsonObject ForSimple(Type type, bool isText = false)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return new JsonObject { ["anyOf"] = new JsonArray(ForSimple(underlying, isText), new JsonObject { ["type"] = "null" }) };
        }

        if (type.IsEnum)
        {
            return Reference(type, () => new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray([.. Enum.GetNames(type).Select(n => (JsonNode)n)]),
                ["title"] = type.Name,
            });
        }

        if (TextParser.IsIntegerType(type))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(long) || type == typeof(ulong) ? "int64" : "int32" };
        }

        if (TextParser.IsFloatType(type))
        {
            return new JsonObject { ["type"] = "number", ["format"] = type == typeof(float) ? "float" : type == typeof(decimal) ? "decimal" : "double" };
        }

        var (kind, format) = type switch
        {
            _ when type == typeof(string) || type == typeof(char) => ("string", null),
            _ when type == typeof(bool) => ("boolean", null),
            _ when type == typeof(Guid) => ("string", "uuid"),
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => ("string", "date-time"),
            _ when type == typeof(DateOnly) => ("string", "date"),
            _ when type == typeof(TimeOnly) => ("string", "time"),
            _ when type == typeof(TimeSpan) => ("string", "duration"),
            _ when type == typeof(Uri) => ("string", "uri"),
            _ when type == typeof(JsonElement) || type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) => (null, null),
            _ when isText || TextParser.IsKnownSimple(type) || IsSimpleByReflection(type) => ("string", null),
            _ => ((string?)null, (string?)null),
        };
        var schema = new JsonObject();
        if (kind is not null)
        {
            schema["type"] = kind;
        }

        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }

    /// <summary>Adds the constraints the attributes express to <paramref name="schema"/> (a nullable value's are put
    /// on its non-null branch).</summary>
    public static void ApplyConstraints(JsonObject schema, IReadOnlyList<ValidationAttribute> attributes)
    {
        if (schema["anyOf"] is JsonArray { Count: 2 } anyOf && anyOf[0] is JsonObject inner && inner["$ref"] is null)
        {
            schema = inner;
        }

        var isArray = (string?)schema["type"] == "array";
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case RangeAttribute range when range.Minimum is int or long or double && range.Maximum is int or long or double:
                    schema[range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    schema[range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
                    NormalizeNumbers(schema, range);
                    break;
                case StringLengthAttribute length:
                    if (length.MinimumLength > 0)
                    {
                        schema["minLength"] = length.MinimumLength;
                    }

                    schema["maxLength"] = length.MaximumLength;
                    break;
                case LengthAttribute length:
                    schema[isArray ? "minItems" : "minLength"] = length.MinimumLength;
                    schema[isArray ? "maxItems" : "maxLength"] = length.MaximumLength;
                    break;
                case MinLengthAttribute min:
                    schema[isArray ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max when max.Length >= 0:
                    schema[isArray ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case RegularExpressionAttribute regex:
                    schema["pattern"] = regex.Pattern;
                    break;
                case EmailAddressAttribute:
                    schema["format"] = "email";
                    break;
                case UrlAttribute:
                    schema["format"] = "uri";
                    break;
                case Base64StringAttribute:
                    schema["contentEncoding"] = "base64";
                    break;
                case AllowedValuesAttribute allowed:
                    schema["enum"] = new JsonArray([.. allowed.Values.Select(v => ValueNode(v, null))]);
                    break;
                case DeniedValuesAttribute denied:
                    schema["not"] = new JsonObject { ["enum"] = new JsonArray([.. denied.Values.Select(v => ValueNode(v, null))]) };
                    break;
                case RequiredAttribute { AllowEmptyStrings: false } when (string?)schema["type"] == "string" && schema["minLength"] is null:
                    schema["minLength"] = 1;
                    break;
                default:
                    break;
            }
        }
    }

    private static void NormalizeNumbers(JsonObject schema, RangeAttribute range)
    {
        // Keep integers as integers: {"maximum": 150}, not 150.0.
        foreach (var (key, value) in new[] { ("minimum", range.Minimum), ("exclusiveMinimum", range.Minimum), ("maximum", range.Maximum), ("exclusiveMaximum", range.Maximum) })
        {
            if (schema[key] is not null && value is int or long)
            {
                schema[key] = JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private JsonObject ObjectSchema(Type type, IObjectModel model)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var member in model.Members)
        {
            var schema = ForModel(member.Model);
            if (schema["$ref"] is not null)
            {
                schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
            }

            ApplyConstraints(schema, member.Shape.Attributes);
            schema["title"] = Title(member.Shape.ClrName);
            if (member.Shape.Description is { } description)
            {
                schema["description"] = description;
            }

            if (member.Shape.HasDefault)
            {
                schema["default"] = ValueNode(member.Shape.DefaultValue, _catalog.Options);
            }

            if (member.Shape.IsSecret)
            {
                schema["format"] = "password";
                schema["writeOnly"] = true;
            }

            properties[member.JsonName] = schema;
            if (member.Shape.IsRequired)
            {
                required.Add((JsonNode)member.JsonName);
            }
        }

        var result = new JsonObject { ["properties"] = properties, ["type"] = "object" };
        if (required.Count > 0)
        {
            result["required"] = required;
        }

        result["title"] = type.Name;
        return result;
    }

    private JsonObject Reference(Type type, Func<JsonObject> build)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = UniqueName(type);
            _names[type] = name;
            _components[name] = new JsonObject();
            _components[name] = build();
        }

        return new JsonObject { ["$ref"] = "#/components/schemas/" + name };
    }

    private string UniqueName(Type type)
    {
        var name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "_" + string.Join('_', type.GetGenericArguments().Select(a => a.Name)) : type.Name;
        var unique = name;
        for (var i = 2; _components.ContainsKey(unique); i++)
        {
            unique = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private static bool IsSimpleByReflection(Type type) => ValidationFeatures.IsReflectionSupported && TextParser.IsSimple(type);

    /// <summary>A JSON value for a default or an allowed value: primitives directly, anything else through the
    /// <c>JsonTypeInfo</c> of the options' resolver (no reflection-based serialization).</summary>
    private static JsonNode? ValueNode(object? value, JsonSerializerOptions? options) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        short number => JsonValue.Create(number),
        byte number => JsonValue.Create(number),
        uint number => JsonValue.Create(number),
        ulong number => JsonValue.Create(number),
        char character => JsonValue.Create(character),
        Enum member => JsonValue.Create(Convert.ToInt64(member, System.Globalization.CultureInfo.InvariantCulture)),
        _ when options is not null => JsonSerializer.SerializeToNode(value, options.GetTypeInfo(value.GetType())),
        _ => DefaultNode(value),
    };

    // An attribute argument of another type (an array): the serializer's defaults, when the app may reflect.
    private static JsonNode? DefaultNode(object value)
    {
        if (ValidationFeatures.IsReflectionSupported)
        {
            return JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Default.GetTypeInfo(value.GetType()));
        }

        return JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Pydantic's title for a field: <c>first_name</c> and <c>FirstName</c> become <c>First Name</c>.</summary>
    public static string Title(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is '_' or '-')
            {
                builder.Append(' ');
                continue;
            }

            if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(i == 0 || (builder.Length > 0 && builder[^1] == ' ') ? char.ToUpperInvariant(c) : c);
        }

        return builder.ToString();
    }
}