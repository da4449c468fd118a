using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway;

/// <summary>
/// An immutable list of header fields as raw bytes, in the order they arrived or were added, duplicates kept, names
/// lower-case. Lookups by name compare bytes (ignoring ASCII case) and allocate nothing; strings are made only on demand.
/// </summary>
/// <remarks>
/// <para>All names and values live back to back in one array, so a request's headers cost three allocations however
/// many fields there are. Build instances with <see cref="HeadersBuilder"/>, <see cref="Create"/> or a collection
/// expression: <c>Headers h = [new("content-type", "text/plain")];</c>.</para>
/// <para>Every instance holds only valid fields: names are RFC 9110 tokens and values contain no CR, LF, NUL or other
/// control characters except horizontal tab, so a server can write them without re-checking for response splitting
/// (unless they were added with <see cref="HeadersBuilder.AddWithoutValidation"/>, whose caller vouches for them).</para>
/// </remarks>
[CollectionBuilder(typeof(Headers), nameof(Create))]
public sealed class Headers : IReadOnlyList<Header>
{
    private readonly byte[] _bytes;
    private readonly HeaderRange[] _ranges;

    internal Headers(byte[] bytes, HeaderRange[] ranges)
    {
        _bytes = bytes;
        _ranges = ranges;
    }

    /// <summary>No headers.</summary>
    public static Headers Empty { get; } = new([], []);

    /// <summary>The number of fields, duplicates included.</summary>
    public int Count => _ranges.Length;

    /// <summary>The field at <paramref name="index"/>, in arrival order.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The field; its memory points into this instance and lives as long as it.</returns>
    public Header this[int index]
    {
        get
        {
            var range = _ranges[index];
            return new Header(_bytes.AsMemory(range.NameStart, range.NameLength), _bytes.AsMemory(range.ValueStart, range.ValueLength));
        }
    }

    /// <summary>Creates headers from fields, validating each and lower-casing names; the target of collection expressions.</summary>
    /// <param name="headers">The fields, in order.</param>
    /// <returns>The headers.</returns>
    /// <exception cref="ArgumentException">A name is not a token or a value has forbidden characters.</exception>
    public static Headers Create(ReadOnlySpan<Header> headers)
    {
        if (headers.IsEmpty)
        {
            return Empty;
        }

        var builder = new HeadersBuilder(headers.Length);
        foreach (var header in headers)
        {
            builder.Add(header.Name.Span, header.Value.Span);
        }

        return builder.Build();
    }

    /// <summary>Whether a field named <paramref name="name"/> is present (ASCII case-insensitive).</summary>
    /// <param name="name">The field name, e.g. <c>"content-type"u8</c>.</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(ReadOnlySpan<byte> name) => IndexOf(name, 0) >= 0;

    /// <summary>Whether a field named <paramref name="name"/> is present (ASCII case-insensitive).</summary>
    /// <param name="name">The field name.</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Finds the first field named <paramref name="name"/> (ASCII case-insensitive) without allocating.</summary>
    /// <param name="name">The field name, e.g. <c>"content-type"u8</c>.</param>
    /// <param name="value">Its value, pointing into this instance.</param>
    /// <returns>Whether the field is present.</returns>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlyMemory<byte> value)
    {
        var index = IndexOf(name, 0);
        if (index < 0)
        {
            value = default;
            return false;
        }

        var range = _ranges[index];
        value = _bytes.AsMemory(range.ValueStart, range.ValueLength);
        return true;
    }

    /// <summary>Gets the first value of the field named <paramref name="name"/> as a Latin-1 string.</summary>
    /// <param name="name">The field name (ASCII case-insensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the field is absent.</returns>
    public string? GetValue(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return null;
        }

        var range = _ranges[index];
        return Encoding.Latin1.GetString(_bytes, range.ValueStart, range.ValueLength);
    }

    /// <summary>Enumerates the values of every field named <paramref name="name"/>, in order, without allocating.</summary>
    /// <param name="name">The field name (ASCII case-insensitive), e.g. <c>"cookie"u8</c>.</param>
    /// <returns>An enumerator for <c>foreach</c>.</returns>
    public ValueEnumerator GetValues(ReadOnlySpan<byte> name) => new(this, name);

    /// <summary>Creates a builder holding a copy of these fields, to derive a changed set.</summary>
    /// <returns>The builder.</returns>
    public HeadersBuilder ToBuilder() => new HeadersBuilder(Count + 4).AddRange(this);

    /// <summary>Enumerates the fields in order without allocating.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Header> IEnumerable<Header>.GetEnumerator()
    {
        for (var i = 0; i < _ranges.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<Header>)this).GetEnumerator();

    /// <summary>The fields as they would appear on the wire, one per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var header in this)
        {
            text.Append(header.NameString).Append(": ").Append(header.ValueString).Append('\n');
        }

        return text.ToString();
    }

    private int IndexOf(ReadOnlySpan<byte> name, int start)
    {
        var ranges = _ranges;
        for (var i = start; i < ranges.Length; i++)
        {
            var range = ranges[i];
            if (range.NameLength != name.Length)
            {
                continue;
            }

            // Names are stored lower-case and are mostly looked up lower-case ("content-type"u8): an exact comparison
            // settles those, a case-insensitive one the rest.
            var stored = _bytes.AsSpan(range.NameStart, range.NameLength);
            if (stored.SequenceEqual(name) || System.Text.Ascii.EqualsIgnoreCase(stored, name))
            {
                return i;
            }
        }

        return -1;
    }

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ranges = _ranges;
        for (var i = 0; i < ranges.Length; i++)
        {
            var range = ranges[i];
            if (range.NameLength == name.Length
                && System.Text.Ascii.EqualsIgnoreCase(_bytes.AsSpan(range.NameStart, range.NameLength), name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Enumerates the fields of a <see cref="Headers"/>.</summary>
    public struct Enumerator
    {
        private readonly Headers _headers;
        private int _index;

        internal Enumerator(Headers headers)
        {
            _headers = headers;
            _index = -1;
        }

        /// <summary>The current field.</summary>
        public readonly Header Current => _headers[_index];

        /// <summary>Moves to the next field.</summary>
        /// <returns>Whether there is one.</returns>
        public bool MoveNext() => ++_index < _headers.Count;
    }

    /// <summary>Enumerates the values of the fields with one name.</summary>
    public ref struct ValueEnumerator
    {
        private readonly Headers _headers;
        private readonly ReadOnlySpan<byte> _name;
        private int _index;

        internal ValueEnumerator(Headers headers, ReadOnlySpan<byte> name)
        {
            _headers = headers;
            _name = name;
            _index = -1;
        }

        /// <summary>The current value, pointing into the headers.</summary>
        public readonly ReadOnlyMemory<byte> Current
        {
            get
            {
                var range = _headers._ranges[_index];
                return _headers._bytes.AsMemory(range.ValueStart, range.ValueLength);
            }
        }

        /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
        /// <returns>This enumerator.</returns>
        public readonly ValueEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next field with the name.</summary>
        /// <returns>Whether there is one.</returns>
        public bool MoveNext()
        {
            _index = _headers.IndexOf(_name, _index + 1);
            return _index >= 0;
        }
    }
}