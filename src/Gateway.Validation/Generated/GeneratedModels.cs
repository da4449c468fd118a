using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;

using Gateway.Validation.Json;

namespace Gateway.Validation.Generated;

/// <summary>
/// Builds JSON models from code Gateway.Validation's source generator emitted: the same model classes, cached in the
/// same catalog (one per <see cref="JsonSerializerOptions"/>), as the reflection path builds, with the decisions the
/// generator took from Roslyn symbols at compile time. What depends on the options stays a run-time decision here: a
/// converter in <see cref="JsonSerializerOptions.Converters"/> that handles a type makes the serializer read it, the
/// naming policy names members, and <see cref="JsonSerializerOptions.PropertyNameCaseInsensitive"/> applies. Recursive
/// types find the model being built. For generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedModels
{
    private static readonly ConditionalWeakTable<ModelCatalog, GeneratedModels> Instances = [];

    private GeneratedModels(ModelCatalog catalog) => Catalog = catalog;

    /// <summary>The JSON options the models are built for.</summary>
    public JsonSerializerOptions Options => Catalog.Options;

    internal ModelCatalog Catalog { get; }

    internal static GeneratedModels For(ModelCatalog catalog) => Instances.GetValue(catalog, c => new GeneratedModels(c));

    /// <summary>Declares, for every catalog, how generated code builds the model of <typeparamref name="T"/>, so that
    /// OpenAPI describes the type from it without reflection.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="model">Builds its model.</param>
    public static void Declare<T>(Func<GeneratedModels, GeneratedModel<T>> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelCatalog.Declare(typeof(T), catalog => model(For(catalog)).Model);
    }

    /// <summary><see cref="Nullable{T}"/> of a value type.</summary>
    /// <typeparam name="T">The underlying type.</typeparam>
    /// <param name="inner">Builds the underlying type's model.</param>
    /// <returns>The model.</returns>
    public GeneratedModel<T?> ForNullable<T>(Func<GeneratedModels, GeneratedModel<T>> inner)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(inner);
        return Cached<T?>(() => new NullableModel<T>(inner(this).Model), checkConverters: false);
    }

    /// <summary>A reference type annotated nullable: <c>null</c> is a value (not cached: nullability is per use).</summary>
    /// <typeparam name="T">The reference type.</typeparam>
    /// <param name="inner">Its model.</param>
    /// <returns>The model.</returns>
#pragma warning disable CA1822 // An instance method, like the others, so that generated code reads alike.
    public GeneratedModel<T?> ForNullableReference<T>(GeneratedModel<T> inner)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new GeneratedModel<T?>(new NullableReferenceModel<T>(inner.Model));
    }
#pragma warning restore CA1822

    /// <summary><see cref="string"/>.</summary>
    /// <returns>The model.</returns>
    public GeneratedModel<string> ForString() => Cached<string>(() => StringModel.Instance, checkConverters: false);

    /// <summary><see cref="bool"/>.</summary>
    /// <returns>The model.</returns>
    public GeneratedModel<bool> ForBoolean() => Cached<bool>(() => BooleanModel.Instance, checkConverters: false);

    /// <summary><see cref="System.Text.Json.JsonElement"/>: any JSON, as it is.</summary>
    /// <returns>The model.</returns>
    public GeneratedModel<JsonElement> ForJsonElement() => Cached<JsonElement>(() => JsonElementModel.Instance, checkConverters: false);

    /// <summary>A type System.Text.Json reads (custom converters, polymorphism, <see cref="object"/>, JSON nodes,
    /// abstract types), through the <c>JsonTypeInfo</c> of the options' resolver.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The model.</returns>
    public GeneratedModel<T> ForSerializer<T>() => Cached<T>(() => new SerializerModel<T>(Options), checkConverters: false);

    /// <summary>An integer type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The model.</returns>
    public GeneratedModel<T> ForInteger<T>()
        where T : IBinaryInteger<T>, IMinMaxValue<T> => Cached<T>(() => new IntegerModel<T>(), checkConverters: true);

    /// <summary>A floating-point or decimal type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The model.</returns>
    public GeneratedModel<T> ForFloat<T>()
        where T : INumberBase<T> => Cached<T>(() => new FloatModel<T>(), checkConverters: true);

    /// <summary>A type read from a JSON string with its text parser (enums, dates, GUIDs, parsable types).</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="parser">Its parser.</param>
    /// <returns>The model.</returns>
    public GeneratedModel<T> ForText<T>(GeneratedTextParser<T> parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        return Cached<T>(() => new TextModel<T>(parser.Parser), checkConverters: true);
    }

    /// <summary>An array, list or set read from a JSON array (not cached: element nullability is per use).</summary>
    /// <typeparam name="TElement">The element type.</typeparam>
    /// <typeparam name="TCollection">The collection type.</typeparam>
    /// <param name="element">The element model.</param>
    /// <param name="create">Makes the collection from the elements read.</param>
    /// <returns>The model.</returns>
    public GeneratedModel<TCollection> ForCollection<TElement, TCollection>(GeneratedModel<TElement> element, Func<List<TElement>, TCollection> create)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(create);
        return Catalog.HasOptionsConverter(typeof(TCollection))
            ? ForSerializer<TCollection>()
            : new GeneratedModel<TCollection>(new CollectionModel<TElement, TCollection>(element.Model, create));
    }

    /// <summary><see cref="Dictionary{TKey, TValue}"/> keyed by strings, read from a JSON object (not cached: value
    /// nullability is per use).</summary>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="value">The value model.</param>
    /// <param name="checkConverters">Whether an options converter of the dictionary type makes the serializer read it
    /// (true when it is the declared type, false under <see cref="ForCast{TFrom, TTo}"/>).</param>
    /// <returns>The model.</returns>
    public GeneratedModel<Dictionary<string, TValue>> ForDictionary<TValue>(GeneratedModel<TValue> value, bool checkConverters)
    {
        ArgumentNullException.ThrowIfNull(value);
        return checkConverters && Catalog.HasOptionsConverter(typeof(Dictionary<string, TValue>))
            ? ForSerializer<Dictionary<string, TValue>>()
            : new GeneratedModel<Dictionary<string, TValue>>(new DictionaryModel<TValue>(value.Model));
    }

    /// <summary>A dictionary interface read as the <see cref="Dictionary{TKey, TValue}"/> implementing it.</summary>
    /// <typeparam name="TFrom">The dictionary read.</typeparam>
    /// <typeparam name="TTo">The declared type.</typeparam>
    /// <param name="inner">The model of <typeparamref name="TFrom"/>.</param>
    /// <returns>The model.</returns>
    public GeneratedModel<TTo> ForCast<TFrom, TTo>(GeneratedModel<TFrom> inner)
        where TFrom : TTo
    {
        ArgumentNullException.ThrowIfNull(inner);
        return Catalog.HasOptionsConverter(typeof(TTo))
            ? ForSerializer<TTo>()
            : new GeneratedModel<TTo>(new CastModel<TFrom, TTo>(inner.Model));
    }

    /// <summary>An object with members: <paramref name="describe"/> declares them and the factory. A recursive type gets
    /// the model being built.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="describe">Declares the members and the factory.</param>
    /// <returns>The model.</returns>
    public GeneratedModel<T> ForObject<T>(Action<GeneratedObject<T>> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        return new GeneratedModel<T>(Catalog.GetOrBuild(typeof(T), () =>
        {
            if (Catalog.HasOptionsConverter(typeof(T)))
            {
                return Catalog.Remember(typeof(T), new SerializerModel<T>(Options));
            }

            var model = new ObjectModel<T>();
            Catalog.Remember(typeof(T), model);
            var description = new GeneratedObject<T>(this);
            describe(description);
            model.Initialize(description.Members, description.Factory ?? throw new InvalidOperationException($"The generated model of {typeof(T)} has no factory."),
                Options.PropertyNameCaseInsensitive);
            return model;
        }));
    }

    private GeneratedModel<T> Cached<T>(Func<JsonModel> build, bool checkConverters) =>
        new(Catalog.GetOrBuild(typeof(T), () => Catalog.Remember(typeof(T),
            checkConverters && Catalog.HasOptionsConverter(typeof(T)) ? new SerializerModel<T>(Options) : build())));
}