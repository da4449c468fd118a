using System.Diagnostics.CodeAnalysis;

namespace Gateway.Routing;

/// <summary>
/// The convertors a router's templates may name, by name. Starts with the built-ins (<c>str</c>, <c>int</c>,
/// <c>long</c>, <c>float</c>, <c>guid</c>, <c>path</c>); add custom ones before mapping routes that use them.
/// </summary>
/// <remarks>Not thread-safe for writes; templates are parsed at registration, so lookups never happen per request.</remarks>
public sealed class ConvertorRegistry
{
    private readonly Dictionary<string, RouteConvertor> _convertors = new(StringComparer.Ordinal);

    /// <summary>Creates a registry holding the built-in convertors.</summary>
    public ConvertorRegistry()
    {
        foreach (var convertor in (ReadOnlySpan<RouteConvertor>)[
            BuiltInConvertors.String, BuiltInConvertors.Path, BuiltInConvertors.Int32, BuiltInConvertors.Int64,
            BuiltInConvertors.Double, BuiltInConvertors.Guid])
        {
            _convertors.Add(convertor.Name, convertor);
        }
    }

    /// <summary>The convertor used for <c>{name}</c>: <c>str</c>, a non-empty segment as a <see cref="string"/>.</summary>
    public static RouteConvertor Default => BuiltInConvertors.String;

    /// <summary>The convertor used for catch-all parameters (<c>{*rest}</c>): the rest of the path as a
    /// <see cref="string"/>, possibly empty.</summary>
    public static RouteConvertor CatchAll => BuiltInConvertors.Path;

    /// <summary>Adds or replaces a convertor under its <see cref="RouteConvertor.Name"/>.</summary>
    /// <param name="convertor">The convertor.</param>
    /// <returns>This registry.</returns>
    public ConvertorRegistry Add(RouteConvertor convertor)
    {
        ArgumentNullException.ThrowIfNull(convertor);
        ArgumentException.ThrowIfNullOrEmpty(convertor.Name, nameof(convertor));
        _convertors[convertor.Name] = convertor;
        return this;
    }

    /// <summary>Finds a convertor by name.</summary>
    /// <param name="name">The name used in templates.</param>
    /// <param name="convertor">The convertor, when registered.</param>
    /// <returns>Whether it is registered.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out RouteConvertor? convertor) =>
        _convertors.TryGetValue(name, out convertor);
}