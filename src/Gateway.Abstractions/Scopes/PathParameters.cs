using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// The values a router extracted from the request path, by parameter name, already converted to their declared types
/// (an <c>{id:int}</c> segment yields an <see cref="int"/>). Immutable and ordered as in the template.
/// </summary>
/// <remarks>Lookups scan a small array: routes have few parameters, and a scan beats hashing for them.</remarks>
public sealed class PathParameters : IReadOnlyDictionary<string, object>
{
    private readonly KeyValuePair<string, object>[] _values;

    private PathParameters(KeyValuePair<string, object>[] values) => _values = values;

    /// <summary>No parameters.</summary>
    public static PathParameters Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var pair in _values)
            {
                yield return pair.Key;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<object> Values
    {
        get
        {
            foreach (var pair in _values)
            {
                yield return pair.Value;
            }
        }
    }

    /// <inheritdoc />
    public object this[string key] => TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"There is no path parameter '{key}'.");

    /// <summary>Creates parameters from name/value pairs, in template order.</summary>
    /// <param name="values">The pairs. Names must be unique; values must not be null.</param>
    /// <returns>The parameters.</returns>
    public static PathParameters Create(params ReadOnlySpan<KeyValuePair<string, object>> values)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        var array = values.ToArray();
        for (var i = 0; i < array.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(array[i].Key, nameof(values));
            ArgumentNullException.ThrowIfNull(array[i].Value, nameof(values));
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(array[i].Key, array[j].Key, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The path parameter '{array[i].Key}' appears twice.", nameof(values));
                }
            }
        }

        return new PathParameters(array);
    }

    /// <summary>Returns these parameters followed by <paramref name="more"/>, as a mount does for its child route's
    /// parameters. A name in <paramref name="more"/> replaces the same name here.</summary>
    /// <param name="more">The parameters to add.</param>
    /// <returns>The combined parameters.</returns>
    public PathParameters Concat(PathParameters more)
    {
        ArgumentNullException.ThrowIfNull(more);
        if (more.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return more;
        }

        var combined = new List<KeyValuePair<string, object>>(Count + more.Count);
        foreach (var pair in _values)
        {
            if (!more.ContainsKey(pair.Key))
            {
                combined.Add(pair);
            }
        }

        combined.AddRange(more._values);
        return new PathParameters([.. combined]);
    }

    /// <summary>Gets a parameter as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type its convertor produced.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">There is no such parameter.</exception>
    /// <exception cref="InvalidCastException">The value is of another type.</exception>
    public T Get<T>(string name) => this[name] is T value
        ? value
        : throw new InvalidCastException($"The path parameter '{name}' is a {this[name].GetType().Name}, not a {typeof(T).Name}.");

    /// <summary>Gets a parameter when it exists and is a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or the default.</param>
    /// <returns>Whether a <typeparamref name="T"/> parameter named <paramref name="name"/> exists.</returns>
    public bool TryGet<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        if (TryGetValue(name, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        foreach (var pair in _values)
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

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}