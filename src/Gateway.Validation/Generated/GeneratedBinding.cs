using System.ComponentModel;

using Gateway.Validation.Binding;
using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;
using Gateway.Validation.Json;
using Gateway.Validation.Text;

namespace Gateway.Validation.Generated;

/// <summary>What generated code knows at compile time about binding one parameter type, whichever source the runtime then
/// chooses (that choice depends on the route and on the services, so it stays shared with the reflection path): the text
/// parser when the type is read from text, the element parser and collection factory when it is a collection of such
/// values, how to build its JSON model (lazily: only a body needs it), and whether it is a collection. Made by
/// <see cref="GeneratedBinding.Describe{T}"/>. For generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedBinding
{
    private protected GeneratedBinding()
    {
    }

    internal abstract TextParser? Text { get; }

    internal abstract Type? TextElement { get; }

    internal abstract bool IsCollection { get; }

    internal abstract JsonModel? Model(ModelCatalog catalog);

    internal abstract ParameterBinder? TextArray(ParameterDescription description, ValueValidator? validator);

    /// <summary>Describes a parameter type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="text">Its text parser, or null when it is not read from text.</param>
    /// <param name="textArray">Its element parser and collection factory, or null when it is not a collection of values
    /// read from text.</param>
    /// <param name="model">Builds its JSON model (nullable when the parameter is a reference annotated nullable), or null
    /// when the generator could not model it (then a body of this type fails at registration).</param>
    /// <param name="isCollection">Whether it is an array, list, set or string-keyed dictionary.</param>
    /// <returns>The description.</returns>
    public static GeneratedBinding<T> Describe<T>(GeneratedTextParser<T>? text, GeneratedTextArray<T>? textArray, Func<GeneratedModels, GeneratedModel<T>>? model, bool isCollection) =>
        new(text, textArray, model, isCollection);

    /// <summary>A collection of values read from repeated query keys, header lines or form fields.</summary>
    /// <typeparam name="TElement">The element type.</typeparam>
    /// <typeparam name="TCollection">The collection type.</typeparam>
    /// <param name="element">The element parser.</param>
    /// <param name="create">Makes the collection from the values read.</param>
    /// <returns>The description.</returns>
    public static GeneratedTextArray<TCollection> TextArray<TElement, TCollection>(GeneratedTextParser<TElement> element, Func<List<TElement>, TCollection> create)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(create);
        return new GeneratedTextArray<TElement, TCollection>(element.Parser, create);
    }
}

/// <summary>A <see cref="GeneratedBinding"/> of <typeparamref name="T"/>. For generated code; not a stable API.</summary>
/// <typeparam name="T">The parameter's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedBinding<T> : GeneratedBinding
{
    private readonly GeneratedTextParser<T>? _text;
    private readonly GeneratedTextArray<T>? _textArray;
    private readonly Func<GeneratedModels, GeneratedModel<T>>? _model;
    private readonly bool _isCollection;

    internal GeneratedBinding(GeneratedTextParser<T>? text, GeneratedTextArray<T>? textArray, Func<GeneratedModels, GeneratedModel<T>>? model, bool isCollection)
    {
        _text = text;
        _textArray = textArray;
        _model = model;
        _isCollection = isCollection;
    }

    internal override TextParser? Text => _text?.Parser;

    internal override Type? TextElement => _textArray?.Element;

    internal override bool IsCollection => _isCollection;

    internal override JsonModel? Model(ModelCatalog catalog) => _model?.Invoke(GeneratedModels.For(catalog)).Model;

    internal override ParameterBinder? TextArray(ParameterDescription description, ValueValidator? validator) => _textArray?.CreateBinder(description, validator);
}

/// <summary>A collection of <typeparamref name="TCollection"/> read from repeated text values; made by
/// <see cref="GeneratedBinding.TextArray{TElement, TCollection}"/>. For generated code; not a stable API.</summary>
/// <typeparam name="TCollection">The collection type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedTextArray<TCollection>
{
    private protected GeneratedTextArray()
    {
    }

    internal abstract Type Element { get; }

    internal abstract ParameterBinder CreateBinder(ParameterDescription description, ValueValidator? validator);
}

internal sealed class GeneratedTextArray<TElement, TCollection>(TextParser<TElement> parser, Func<List<TElement>, TCollection> create) : GeneratedTextArray<TCollection>
{
    internal override Type Element => typeof(TElement);

    internal override ParameterBinder CreateBinder(ParameterDescription description, ValueValidator? validator) =>
        new TextArrayBinder<TElement, TCollection>(description, parser, create, validator);
}