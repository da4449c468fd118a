using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Gateway.Routing;

public sealed partial class Router
{
    /// <summary>Generates the path of a named route that has no parameters.</summary>
    /// <param name="name">The route name; <c>mount:route</c> reaches a route of a router mounted under that name.</param>
    /// <returns>The path relative to this router (prepend <see cref="Scope.RootPath"/> for the full path).</returns>
    /// <exception cref="KeyNotFoundException">No route has that name.</exception>
    /// <exception cref="ArgumentException">The route needs parameter values.</exception>
    public string UrlFor(string name) => UrlFor(name, (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>());

    /// <summary>Generates the path of a named route from parameter values given as the public properties of an object,
    /// typically an anonymous one: <c>UrlFor("user", new { id = 42 })</c>.</summary>
    /// <typeparam name="T">The type of <paramref name="values"/>.</typeparam>
    /// <param name="name">The route name.</param>
    /// <param name="values">The values; a dictionary is used as one.</param>
    /// <returns>The path relative to this router.</returns>
    /// <exception cref="KeyNotFoundException">No route has that name.</exception>
    /// <exception cref="ArgumentException">A parameter has no value or a value does not fit its convertor.</exception>
    public string UrlFor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string name, T values)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values is IReadOnlyDictionary<string, object?> dictionary)
        {
            return UrlFor(name, dictionary);
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                map[property.Name] = property.GetValue(values);
            }
        }

        return UrlFor(name, map);
    }

    /// <summary>Generates the path of a named route: each value is formatted by its parameter's convertor and
    /// percent-encoded. Values the template does not name are ignored.</summary>
    /// <param name="name">The route name; <c>mount:route</c> for a route of a mounted router.</param>
    /// <param name="values">The values by parameter name (mount prefixes' parameters included).</param>
    /// <returns>The path relative to this router.</returns>
    /// <exception cref="KeyNotFoundException">No route has that name.</exception>
    /// <exception cref="ArgumentException">A parameter has no value or a value does not fit its convertor.</exception>
    public string UrlFor(string name, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var built = GetBuilt();
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? name : name[..colon];
        if (!built.Names.TryGetValue(head, out var route))
        {
            throw new KeyNotFoundException($"No route is named '{head}'.");
        }

        return route.UrlFor(colon < 0 ? null : name[(colon + 1)..], values);
    }
}