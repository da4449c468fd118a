using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Gateway;

/// <summary>
/// The optional capabilities available to an app in one scope, found by type, as Go's <c>http.Flusher</c> is found by a
/// type assertion: <c>if (scope.Extensions.TryGet&lt;ITlsInfo&gt;(out var tls)) ...</c>. Servers put what they support
/// here; middleware may add features of their own or hide ones they cannot honour.
/// </summary>
/// <remarks>
/// Immutable: <see cref="With"/> and <see cref="Without{T}"/> return new collections. Lookups scan a small array (a
/// server typically offers one object implementing several capability interfaces), so they are cheap and allocation-free.
/// </remarks>
public sealed class ScopeExtensions : IReadOnlyCollection<object>
{
    private readonly object[] _items;

    private ScopeExtensions(object[] items) => _items = items;

    /// <summary>No capabilities.</summary>
    public static ScopeExtensions Empty { get; } = new([]);

    /// <summary>How many extension objects there are (one object may implement several capabilities).</summary>
    public int Count => _items.Length;

    /// <summary>Creates a collection of extension objects. Earlier objects win lookups.</summary>
    /// <param name="extensions">The objects; none may be null.</param>
    /// <returns>The collection.</returns>
    public static ScopeExtensions Create(params ReadOnlySpan<object> extensions)
    {
        if (extensions.IsEmpty)
        {
            return Empty;
        }

        var items = extensions.ToArray();
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(extensions));
        }

        return new ScopeExtensions(items);
    }

    /// <summary>Finds the first extension that is a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The capability interface (or type) wanted.</typeparam>
    /// <param name="extension">The extension, when there is one.</param>
    /// <returns>Whether one was found.</returns>
    public bool TryGet<T>([NotNullWhen(true)] out T? extension)
        where T : class
    {
        foreach (var item in _items)
        {
            if (item is T found)
            {
                extension = found;
                return true;
            }
        }

        extension = null;
        return false;
    }

    /// <summary>Gets the first extension that is a <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    /// <typeparam name="T">The capability interface (or type) wanted.</typeparam>
    /// <returns>The extension or <see langword="null"/>.</returns>
    public T? Get<T>()
        where T : class => TryGet<T>(out var extension) ? extension : null;

    /// <summary>Whether an extension is a <typeparamref name="T"/>: the way to test for marker capabilities.</summary>
    /// <typeparam name="T">The capability interface wanted.</typeparam>
    /// <returns>Whether the capability is offered.</returns>
    public bool Has<T>()
        where T : class => TryGet<T>(out _);

    /// <summary>Returns a collection where <paramref name="extension"/> comes first, so it wins lookups over existing ones.</summary>
    /// <param name="extension">The extension object to add.</param>
    /// <returns>A new collection.</returns>
    public ScopeExtensions With(object extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var items = new object[_items.Length + 1];
        items[0] = extension;
        _items.CopyTo(items, 1);
        return new ScopeExtensions(items);
    }

    /// <summary>
    /// Returns a collection without the extensions that are a <typeparamref name="T"/>: what a middleware does for the
    /// capabilities it cannot honour, so the inner app falls back to plain messages.
    /// </summary>
    /// <typeparam name="T">The capability to hide.</typeparam>
    /// <returns>This collection when nothing matched, otherwise a new one.</returns>
    /// <remarks>
    /// An object that implements several capabilities is removed as a whole; a middleware that wants to keep its other
    /// capabilities re-adds what it needs through its own objects.
    /// </remarks>
    public ScopeExtensions Without<T>()
        where T : class
    {
        var kept = 0;
        foreach (var item in _items)
        {
            if (item is not T)
            {
                kept++;
            }
        }

        if (kept == _items.Length)
        {
            return this;
        }

        if (kept == 0)
        {
            return Empty;
        }

        var items = new object[kept];
        var index = 0;
        foreach (var item in _items)
        {
            if (item is not T)
            {
                items[index++] = item;
            }
        }

        return new ScopeExtensions(items);
    }

    /// <summary>Enumerates the extension objects in lookup order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<object> GetEnumerator() => ((IEnumerable<object>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}