using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

using Gateway.Validation.Checks;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Builds and caches the JSON models of one <see cref="JsonSerializerOptions"/> (names depend on its naming
/// policy). Used at registration only. Models come from two builders that make the same decisions: reflection over the
/// type (<see cref="Get(Type, bool, NullabilityInfo?)"/>, not trim- or AOT-safe), or code the source generator emitted
/// (<see cref="GetOrBuild"/> through <c>Generated.GeneratedModels</c>), which also declares the models of the types it
/// knows so that OpenAPI finds them without reflection (<see cref="Declare"/>).</summary>
internal sealed class ModelCatalog
{
    internal const string ReflectionMessage = "JSON models are built by reflection over the type; use the source generator (Map* calls with a lambda or method group) for trimmed and Native AOT apps.";

    // Types whose models generated code can build, across all catalogs: OpenAPI looks response and body types up here.
    private static readonly ConcurrentDictionary<Type, Func<ModelCatalog, JsonModel>> Declared = new();

    private static readonly ConditionalWeakTable<JsonSerializerOptions, ModelCatalog> Catalogs = [];

    private readonly JsonSerializerOptions _options;
    private readonly ConcurrentDictionary<Type, JsonModel> _models = new();
    private readonly Lock _lock = new();

    // Models being built (recursive types find themselves here); published to _models, which is read without the
    // lock, only once the outermost build has initialized every one of them.
    private readonly Dictionary<Type, JsonModel> _building = [];
    private int _buildDepth;

    private ModelCatalog(JsonSerializerOptions options) => _options = options;

    public static ModelCatalog For(JsonSerializerOptions options) => Catalogs.GetValue(options, o => new ModelCatalog(o));

    public JsonSerializerOptions Options => _options;

    /// <summary>Generated code declares how to build the model of <paramref name="type"/> (its non-nullable form).</summary>
    public static void Declare(Type type, Func<ModelCatalog, JsonModel> build) => Declared.TryAdd(type, build);

    /// <summary>The model of <paramref name="type"/> if it was built or declared, without reflection; else null.</summary>
    public JsonModel? GetDeclared(Type type)
    {
        if (_models.TryGetValue(type, out var cached))
        {
            return cached;
        }

        return Declared.TryGetValue(type, out var build) ? build(this) : null;
    }

    /// <summary>The model of <paramref name="type"/>: the one built or declared by generated code, else (when the app may
    /// reflect) the one reflection builds.</summary>
    /// <exception cref="InvalidOperationException">Nobody described the type and the app cannot reflect.</exception>
    public JsonModel Resolve(Type type, string what)
    {
        if (GetDeclared(type) is { } model)
        {
            return model;
        }

        if (Handlers.ValidationFeatures.IsReflectionSupported)
        {
            return Get(type);
        }

        throw Handlers.ValidationFeatures.NotDescribed(type, what);
    }

    /// <summary>The model for <paramref name="type"/>; <paramref name="nullable"/> for a reference type annotated
    /// nullable (value types say it with <see cref="Nullable{T}"/>).</summary>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public JsonModel Get(Type type, bool nullable = false, NullabilityInfo? nullability = null)
    {
        var model = Get(type, nullability);
        return nullable && !type.IsValueType ? Create(typeof(NullableReferenceModel<>).MakeGenericType(type), model) : model;
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private JsonModel Get(Type type, NullabilityInfo? nullability) => GetOrBuild(type, () => Build(type, nullability));

    /// <summary>The cached model of <paramref name="type"/>, or the one <paramref name="build"/> makes: under the lock,
    /// so that a recursive type finds the model being built (<paramref name="build"/> must <see cref="Remember"/> what
    /// it caches), published only once the outermost build succeeded.</summary>
    public JsonModel GetOrBuild(Type type, Func<JsonModel> build)
    {
        if (_models.TryGetValue(type, out var cached))
        {
            return cached;
        }

        lock (_lock)
        {
            if (_models.TryGetValue(type, out cached) || _building.TryGetValue(type, out cached))
            {
                return cached;
            }

            _buildDepth++;
            var built = false;
            try
            {
                var model = build();
                built = true;
                return model;
            }
            finally
            {
                if (--_buildDepth == 0)
                {
                    // A failed build leaves half-initialized models: they are dropped, not published.
                    if (built)
                    {
                        foreach (var (builtType, model) in _building)
                        {
                            _models[builtType] = model;
                        }
                    }

                    _building.Clear();
                }
            }
        }
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private JsonModel Build(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Remember(type, Create(typeof(NullableModel<>).MakeGenericType(underlying), Get(underlying, null)));
        }

        if (type == typeof(string))
        {
            return Remember(type, StringModel.Instance);
        }

        if (type == typeof(bool))
        {
            return Remember(type, BooleanModel.Instance);
        }

        if (type == typeof(JsonElement))
        {
            return Remember(type, JsonElementModel.Instance);
        }

        if (HasCustomConverter(type) || type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return Remember(type, Create(typeof(SerializerModel<>).MakeGenericType(type), _options));
        }

        if (TextParser.IsIntegerType(type))
        {
            return Remember(type, Create(typeof(IntegerModel<>).MakeGenericType(type)));
        }

        if (TextParser.IsFloatType(type))
        {
            return Remember(type, Create(typeof(FloatModel<>).MakeGenericType(type)));
        }

        if (TextParser.IsSimple(type) && TextParser.Create(type) is { } parser)
        {
            return Remember(type, Create(typeof(TextModel<>).MakeGenericType(type), parser));
        }

        if (CollectionShape.TryGetElement(type, out var element, out var create))
        {
            var elementInfo = nullability?.ElementType ?? (nullability?.GenericTypeArguments is [var first] ? first : null);
            var elementModel = Get(element, elementInfo?.ReadState == NullabilityState.Nullable, elementInfo);
            // Element nullability differs between uses of the same collection type: not cached.
            return Create(typeof(CollectionModel<,>).MakeGenericType(element, type), elementModel, create);
        }

        if (CollectionShape.TryGetDictionaryValue(type, out var valueType))
        {
            var valueInfo = nullability?.GenericTypeArguments is [_, var second] ? second : null;
            var valueModel = Get(valueType, valueInfo?.ReadState == NullabilityState.Nullable, valueInfo);
            var dictionary = Create(typeof(DictionaryModel<>).MakeGenericType(valueType), valueModel);
            var concrete = typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType);
            return type == concrete ? dictionary : Create(typeof(CastModel<,>).MakeGenericType(concrete, type), dictionary);
        }

        if (type.IsAbstract || type.IsInterface || type.IsPointer || type.ContainsGenericParameters || !HasUsableConstructor(type))
        {
            return Remember(type, Create(typeof(SerializerModel<>).MakeGenericType(type), _options));
        }

        return BuildObject(type);
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private JsonModel BuildObject(Type type)
    {
        var model = Create(typeof(ObjectModel<>).MakeGenericType(type));
        Remember(type, model);
        var constructor = ChooseConstructor(type);
        var nullabilityContext = new NullabilityInfoContext();
        var members = new List<ObjectMember>();
        var setters = new List<PropertyInfo?>();
        var matched = new HashSet<PropertyInfo>();
        var properties = Unhidden(type.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        var isRequiredType = type.IsDefined(typeof(RequiredMemberAttribute), inherit: false);

        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var property = Array.Find(properties, p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) && p.GetIndexParameters().Length == 0);
            if (property is not null)
            {
                matched.Add(property);
            }

            var attributes = new List<Attribute>(parameter.GetCustomAttributes());
            if (property is not null)
            {
                attributes.AddRange(property.GetCustomAttributes());
            }

            var nullability = nullabilityContext.Create(parameter);
            var nullable = IsNullable(parameter.ParameterType, nullability);
            var hasDefault = parameter.HasDefaultValue;
            var explicitRequired = attributes.Exists(a => a is RequiredAttribute or JsonRequiredAttribute);
            var shape = Shape(property?.Name ?? parameter.Name!, parameter.ParameterType, attributes,
                isRequired: explicitRequired || (!hasDefault && !nullable), nullable, hasDefault, hasDefault ? parameter.DefaultValue : null);
            members.Add(CreateMember(shape, Get(parameter.ParameterType, nullable && !parameter.ParameterType.IsValueType, nullability)));
            setters.Add(null);
        }

        foreach (var property in properties)
        {
            if (matched.Contains(property) || property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length != 0
                || property.IsDefined(typeof(JsonIgnoreAttribute)))
            {
                continue;
            }

            var attributes = new List<Attribute>(property.GetCustomAttributes());
            var nullability = nullabilityContext.Create(property);
            var nullable = IsNullable(property.PropertyType, nullability);
            var required = (isRequiredType && property.IsDefined(typeof(RequiredMemberAttribute))) || attributes.Exists(a => a is RequiredAttribute or JsonRequiredAttribute);
            var shape = Shape(property.Name, property.PropertyType, attributes, required, nullable, hasDefault: false, defaultValue: null);
            members.Add(CreateMember(shape, Get(property.PropertyType, nullable && !property.PropertyType.IsValueType, nullability)));
            setters.Add(property);
        }

        var compile = typeof(ObjectModel<>).MakeGenericType(type).GetMethod(nameof(ObjectModel<int>.Compile), BindingFlags.NonPublic | BindingFlags.Static)!;
        var factory = compile.Invoke(null, [type.IsValueType && constructor?.GetParameters().Length == 0 ? null : constructor, members, setters])!;
        var initialize = model.GetType().GetMethod(nameof(ObjectModel<int>.Initialize))!;
        initialize.Invoke(model, [members, factory, _options.PropertyNameCaseInsensitive]);
        return model;
    }

    /// <summary>The properties without those a derived class hides with <c>new</c> (reflection lists both): as for
    /// System.Text.Json, the most derived one is the member, so every member has its own JSON name.</summary>
    private static PropertyInfo[] Unhidden(PropertyInfo[] properties) =>
        Array.FindAll(properties, property => !Array.Exists(properties, other => other != property && other.Name == property.Name
            && other.DeclaringType != property.DeclaringType && other.DeclaringType!.IsSubclassOf(property.DeclaringType!)));

    /// <summary>A member's shape from its name (the property's, else the constructor parameter's) and the attributes of
    /// both: the JSON name (<see cref="JsonPropertyNameAttribute"/>, else the options' naming policy), validation,
    /// description and secrecy.</summary>
    public MemberShape Shape(string clrName, Type type, IReadOnlyList<Attribute> attributes, bool isRequired, bool nullable, bool hasDefault, object? defaultValue)
    {
        var jsonName = attributes.OfType<JsonPropertyNameAttribute>().FirstOrDefault()?.Name
            ?? _options.PropertyNamingPolicy?.ConvertName(clrName) ?? clrName;
        var validation = attributes.OfType<ValidationAttribute>().Distinct().ToArray();
        var description = attributes.OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
        return new MemberShape(clrName, jsonName, type, isRequired, nullable, hasDefault, defaultValue,
            ValueValidator.IsSecret(attributes), validation, description);
    }

    [RequiresDynamicCode(ReflectionMessage)]
    private static ObjectMember CreateMember(MemberShape shape, JsonModel model) =>
        (ObjectMember)Activator.CreateInstance(typeof(ObjectMember<>).MakeGenericType(shape.Type), shape, model)!;

    internal static bool IsNullable(Type type, NullabilityInfo nullability) =>
        Nullable.GetUnderlyingType(type) is not null || (!type.IsValueType && nullability.ReadState == NullabilityState.Nullable);

    private static ConstructorInfo? ChooseConstructor([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        var marked = Array.Find(constructors, c => c.IsDefined(typeof(JsonConstructorAttribute)));
        if (marked is not null)
        {
            return marked;
        }

        // Records have a copy constructor besides their primary one.
        var candidates = Array.FindAll(constructors, c => !(c.GetParameters() is [var only] && only.ParameterType == type));
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        return Array.Find(candidates, c => c.GetParameters().Length == 0) ?? candidates.MaxBy(c => c.GetParameters().Length);
    }

    private static bool HasUsableConstructor([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type) => type.IsValueType || ChooseConstructor(type) is not null;

    private bool HasCustomConverter(Type type)
    {
        if (type.IsDefined(typeof(JsonPolymorphicAttribute), inherit: false))
        {
            return true;
        }

        // String enum converters write names, which the enum model reads already.
        if (type.GetCustomAttribute<JsonConverterAttribute>(inherit: true) is { } attribute
            && !(type.IsEnum && attribute.ConverterType is { } converterType
                && (converterType == typeof(JsonStringEnumConverter) || (converterType.IsGenericType && converterType.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>)))))
        {
            return true;
        }

        return HasOptionsConverter(type);
    }

    /// <summary>Whether a converter of the options (other than the string enum converters, whose names the enum model
    /// reads already) handles <paramref name="type"/>: then the serializer reads it. A run-time check in both builders.</summary>
    public bool HasOptionsConverter(Type type)
    {
        foreach (var converter in _options.Converters)
        {
            if (converter is not JsonStringEnumConverter && !(type.IsEnum && converter.GetType().IsGenericType && converter.GetType().GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>)) && converter.CanConvert(type))
            {
                return true;
            }
        }

        return false;
    }

    public JsonModel Remember(Type type, JsonModel model)
    {
        _building[type] = model;
        return model;
    }

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static JsonModel Create([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type modelType, params object?[] arguments) => (JsonModel)Activator.CreateInstance(modelType, arguments)!;
}