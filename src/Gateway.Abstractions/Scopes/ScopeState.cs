using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// The state an app keeps across the layers of one scope, and from lifespan startup into every request: a string-keyed
/// dictionary, as ASGI's <c>scope["state"]</c>.
/// </summary>
/// <remarks>
/// Servers create each request's state with <see cref="ScopeState(ScopeState)"/> from the lifespan scope's state, so a
/// request sees what startup stored (a database pool, a configuration object) and what it adds stays its own. The copy is
/// shallow: stored objects are shared, so they should be thread-safe. Not thread-safe itself: one request, one writer.
/// </remarks>
public sealed class ScopeState : IDictionary<string, object?>
{
    private Dictionary<string, object?>? _items;

    /// <summary>Creates an empty state.</summary>
    public ScopeState()
    {
    }

    /// <summary>Creates a shallow copy of <paramref name="source"/>, as servers do for each request from the lifespan state.</summary>
    /// <param name="source">The state to copy.</param>
    public ScopeState(ScopeState source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source._items is { Count: > 0 } items)
        {
            _items = new Dictionary<string, object?>(items, StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public int Count => _items?.Count ?? 0;

    /// <inheritdoc />
    public ICollection<string> Keys => Items.Keys;

    /// <inheritdoc />
    public ICollection<object?> Values => Items.Values;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    private Dictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <inheritdoc />
    public object? this[string key]
    {
        get => _items is not null && _items.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The state has no entry '{key}'.");
        set => Items[key] = value;
    }

    /// <summary>Gets the value stored under <paramref name="key"/> as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">Nothing is stored under <paramref name="key"/>.</exception>
    /// <exception cref="InvalidCastException">The stored value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string key) => this[key] is T value
        ? value
        : throw new InvalidCastException($"The state entry '{key}' is not a {typeof(T).Name}.");

    /// <summary>Gets the value stored under <paramref name="key"/> when there is one and it is a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or the default when absent or of another type.</param>
    /// <returns>Whether a <typeparamref name="T"/> was stored under <paramref name="key"/>.</returns>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_items is not null && _items.TryGetValue(key, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public void Add(string key, object? value) => Items.Add(key, value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _items?.ContainsKey(key) ?? false;

    /// <inheritdoc />
    public bool Remove(string key) => _items?.Remove(key) ?? false;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (_items is not null)
        {
            return _items.TryGetValue(key, out value);
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public void Clear() => _items?.Clear();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)Items).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)Items).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)Items).Remove(item);
}