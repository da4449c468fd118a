using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Gateway.Routing;

/// <summary>
/// Names mapped to one or more string values, in arrival order: a query string or a form. Names are case-sensitive, as
/// in Starlette's <c>QueryParams</c>.
/// </summary>
public sealed class MultiValueMap : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>An empty map.</summary>
    public static MultiValueMap Empty { get; } = new();

    /// <summary>How many distinct names there are.</summary>
    public int Count => _values.Count;

    /// <summary>Every name/value pair in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<IReadOnlyList<string>> Values => _values.Values;

    /// <summary>Every value of <paramref name="key"/>.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The values.</returns>
    /// <exception cref="KeyNotFoundException">The name is absent.</exception>
    public IReadOnlyList<string> this[string key] => _values[key];

    /// <summary>The first value of a name.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value, or null when absent.</returns>
    public string? GetFirst(string key) => _values.TryGetValue(key, out var list) ? list[0] : null;

    /// <summary>Every value of a name.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The values; empty when absent.</returns>
    public IReadOnlyList<string> GetAll(string key) => _values.TryGetValue(key, out var list) ? list : [];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value)
    {
        if (_values.TryGetValue(key, out var list))
        {
            value = list;
            return true;
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator()
    {
        foreach (var pair in _values)
        {
            yield return new(pair.Key, pair.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values.Add(name, list = []);
        }

        list.Add(value);
        _pairs.Add(new(name, value));
    }
}