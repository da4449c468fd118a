using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Gateway.Routing;

/// <summary>
/// Names mapped to one or more string values, in arrival order: a query string, a form, the cookies. Names are
/// case-sensitive, as in Starlette's <c>QueryParams</c>. The pairs are kept in one array and looked up by scanning
/// (requests carry few of them), so parsing a query costs one array; the dictionary view is built on first use.
/// </summary>
/// <remarks>Immutable once built; safe to read from several threads.</remarks>
public sealed class MultiValueMap : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private readonly KeyValuePair<string, string>[] _pairs;
    private Dictionary<string, IReadOnlyList<string>>? _dictionary;

    private MultiValueMap(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

    /// <summary>An empty map.</summary>
    public static MultiValueMap Empty { get; } = new([]);

    /// <summary>How many distinct names there are.</summary>
    public int Count => Dictionary.Count;

    /// <summary>Every name/value pair in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <inheritdoc />
    public IEnumerable<string> Keys => Dictionary.Keys;

    /// <inheritdoc />
    public IEnumerable<IReadOnlyList<string>> Values => Dictionary.Values;

    private Dictionary<string, IReadOnlyList<string>> Dictionary => _dictionary ??= BuildDictionary();

    /// <summary>The first value of <paramref name="key"/>, or null when absent (Starlette's <c>params["q"]</c> with
    /// FastAPI's tolerance): <c>request.Query["q"]</c>.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The first value, or null.</returns>
    public string? this[string key] => TryGetFirst(key, out var value) ? value : null;

    IReadOnlyList<string> IReadOnlyDictionary<string, IReadOnlyList<string>>.this[string key] => Dictionary[key];

    /// <summary>Makes a map from pairs, keeping their order.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <returns>The map.</returns>
    public static MultiValueMap From(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        KeyValuePair<string, string>[] array = [.. pairs];
        return array.Length == 0 ? Empty : new(array);
    }

    internal static MultiValueMap FromArray(KeyValuePair<string, string>[] pairs) => pairs.Length == 0 ? Empty : new(pairs);

    internal static MultiValueMap FromList(List<KeyValuePair<string, string>>? pairs) =>
        pairs is null || pairs.Count == 0 ? Empty : new([.. pairs]);

    /// <summary>The first value of a name.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The value, or null when absent.</returns>
    public string? GetFirst(string key) => TryGetFirst(key, out var value) ? value : null;

    /// <summary>Finds the first value of a name without allocating.</summary>
    /// <param name="key">The name.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the name is present.</returns>
    public bool TryGetFirst(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>How many values a name has.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The count; 0 when absent.</returns>
    public int CountOf(string key)
    {
        var count = 0;
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Every value of a name.</summary>
    /// <param name="key">The name.</param>
    /// <returns>The values in arrival order; empty when absent.</returns>
    public IReadOnlyList<string> GetAll(string key)
    {
        var count = CountOf(key);
        if (count == 0)
        {
            return [];
        }

        var values = new string[count];
        var index = 0;
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                values[index++] = pair.Value;
            }
        }

        return values;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetFirst(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value) => Dictionary.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() => Dictionary.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Dictionary<string, IReadOnlyList<string>> BuildDictionary()
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in _pairs)
        {
            if (!lists.TryGetValue(pair.Key, out var list))
            {
                lists.Add(pair.Key, list = []);
            }

            list.Add(pair.Value);
        }

        var dictionary = new Dictionary<string, IReadOnlyList<string>>(lists.Count, StringComparer.Ordinal);
        foreach (var (key, list) in lists)
        {
            dictionary.Add(key, list);
        }

        return dictionary;
    }
}