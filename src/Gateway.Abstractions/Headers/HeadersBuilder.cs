using System.Buffers;
using System.Text;

namespace Gateway;

/// <summary>
/// Builds a <see cref="Headers"/>: validates each field (names must be RFC 9110 tokens; values must not contain CR, LF,
/// NUL or other control characters but horizontal tab) and lower-cases names. Reusable: <see cref="Build"/> copies, and
/// <see cref="Clear"/> starts over without giving its buffers back.
/// </summary>
/// <remarks>Not thread-safe. Validation is what stops response splitting: a value from user input can never end a line.</remarks>
public sealed class HeadersBuilder
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    // field-value bytes are VCHAR, SP, HTAB and obs-text: every control character but HTAB is forbidden.
    private static readonly SearchValues<byte> ForbiddenValueBytes = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    private byte[] _bytes;
    private HeaderRange[] _ranges;
    private int _byteCount;
    private int _count;

    /// <summary>Creates a builder.</summary>
    /// <param name="capacity">The number of fields to make room for.</param>
    public HeadersBuilder(int capacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _ranges = capacity == 0 ? [] : new HeaderRange[capacity];
        _bytes = capacity == 0 ? [] : new byte[capacity * 32];
    }

    /// <summary>The number of fields added so far.</summary>
    public int Count => _count;

    /// <summary>Whether <paramref name="name"/> is a valid field name (a non-empty RFC 9110 token).</summary>
    /// <param name="name">The candidate name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidName(ReadOnlySpan<byte> name) => !name.IsEmpty && !name.ContainsAnyExcept(TokenBytes);

    /// <summary>Whether <paramref name="value"/> is a valid field value (no control characters but horizontal tab).</summary>
    /// <param name="value">The candidate value.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidValue(ReadOnlySpan<byte> value) => !value.ContainsAny(ForbiddenValueBytes);

    /// <summary>Adds a field after validating it; the name is stored lower-case.</summary>
    /// <param name="name">The name, a token.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name or value is invalid.</exception>
    public HeadersBuilder Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{Encoding.Latin1.GetString(name)}' is not a valid header name: names are non-empty RFC 9110 tokens.", nameof(name));
        }

        if (!IsValidValue(value))
        {
            throw new ArgumentException($"The value of header '{Encoding.Latin1.GetString(name)}' contains a control character (CR, LF, NUL ...), which could split the message.", nameof(value));
        }

        return AddWithoutValidation(name, value);
    }

    /// <summary>Adds a field after validating it; strings are encoded as Latin-1 and the name is stored lower-case.</summary>
    /// <param name="name">The name, a token.</param>
    /// <param name="value">The value; characters above U+00FF cannot be sent in a header.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name or value is invalid or not representable in Latin-1.</exception>
    public HeadersBuilder Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().ContainsAnyExceptInRange('\0', '\u00FF'))
        {
            throw new ArgumentException($"The value of header '{name}' has characters outside Latin-1; encode it first (RFC 8187 or percent-encoding).", nameof(value));
        }

        if (name.AsSpan().ContainsAnyExceptInRange('\0', '\u007F'))
        {
            throw new ArgumentException($"'{name}' is not a valid header name: names are non-empty RFC 9110 tokens.", nameof(name));
        }

        var total = name.Length + value.Length;
        Span<byte> scratch = total <= 512 ? stackalloc byte[total] : new byte[total];
        Encoding.Latin1.GetBytes(name, scratch);
        Encoding.Latin1.GetBytes(value, scratch[name.Length..]);
        return Add(scratch[..name.Length], scratch[name.Length..]);
    }

    /// <summary>
    /// Adds a field without validating it, for servers whose parser has already checked the bytes (as
    /// <c>HttpHeaders.TryAddWithoutValidation</c> does in System.Net.Http). The name is still stored lower-case.
    /// </summary>
    /// <param name="name">The name; the caller guarantees it is a token.</param>
    /// <param name="value">The value; the caller guarantees it has no forbidden characters.</param>
    /// <returns>This builder.</returns>
    public HeadersBuilder AddWithoutValidation(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        EnsureCapacity(name.Length + value.Length);
        var nameStart = _byteCount;
        var destination = _bytes.AsSpan(nameStart, name.Length);
        if (Ascii.ToLower(name, destination, out _) != OperationStatus.Done)
        {
            // Only reachable for unvalidated non-ASCII names: lower-case the ASCII letters, keep the rest.
            for (var i = 0; i < name.Length; i++)
            {
                destination[i] = name[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(name[i] | 0x20) : name[i];
            }
        }

        var valueStart = nameStart + name.Length;
        value.CopyTo(_bytes.AsSpan(valueStart));
        _byteCount = valueStart + value.Length;
        _ranges[_count++] = new HeaderRange(nameStart, name.Length, valueStart, value.Length);
        return this;
    }

    /// <summary>Adds every field of <paramref name="headers"/>, in order.</summary>
    /// <param name="headers">Fields that were validated when they were built.</param>
    /// <returns>This builder.</returns>
    public HeadersBuilder AddRange(Headers headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var header in headers)
        {
            AddWithoutValidation(header.Name.Span, header.Value.Span);
        }

        return this;
    }

    /// <summary>Replaces every field named <paramref name="name"/> with one field holding <paramref name="value"/>.</summary>
    /// <param name="name">The name (ASCII case-insensitive).</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name or value is invalid.</exception>
    public HeadersBuilder Set(string name, string value)
    {
        Remove(name);
        return Add(name, value);
    }

    /// <summary>Removes every field named <paramref name="name"/>.</summary>
    /// <param name="name">The name (ASCII case-insensitive).</param>
    /// <returns>How many fields were removed.</returns>
    public int Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            var range = _ranges[i];
            if (range.NameLength != name.Length || !Ascii.EqualsIgnoreCase(_bytes.AsSpan(range.NameStart, range.NameLength), name))
            {
                _ranges[kept++] = range;
            }
        }

        var removed = _count - kept;
        _count = kept;
        return removed;
    }

    /// <summary>Whether a field named <paramref name="name"/> has been added.</summary>
    /// <param name="name">The name (ASCII case-insensitive).</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (var i = 0; i < _count; i++)
        {
            var range = _ranges[i];
            if (range.NameLength == name.Length && Ascii.EqualsIgnoreCase(_bytes.AsSpan(range.NameStart, range.NameLength), name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates the immutable <see cref="Headers"/> from the fields added so far. The builder stays usable.</summary>
    /// <returns>The headers (<see cref="Headers.Empty"/> when none were added).</returns>
    public Headers Build()
    {
        if (_count == 0)
        {
            return Headers.Empty;
        }

        var total = 0;
        for (var i = 0; i < _count; i++)
        {
            total += _ranges[i].NameLength + _ranges[i].ValueLength;
        }

        var bytes = new byte[total];
        var ranges = new HeaderRange[_count];
        var offset = 0;
        for (var i = 0; i < _count; i++)
        {
            var range = _ranges[i];
            _bytes.AsSpan(range.NameStart, range.NameLength).CopyTo(bytes.AsSpan(offset));
            _bytes.AsSpan(range.ValueStart, range.ValueLength).CopyTo(bytes.AsSpan(offset + range.NameLength));
            ranges[i] = new HeaderRange(offset, range.NameLength, offset + range.NameLength, range.ValueLength);
            offset += range.NameLength + range.ValueLength;
        }

        return new Headers(bytes, ranges);
    }

    /// <summary>Forgets every field, keeping the buffers for reuse.</summary>
    public void Clear()
    {
        _count = 0;
        _byteCount = 0;
    }

    private void EnsureCapacity(int byteCount)
    {
        if (_count == _ranges.Length)
        {
            Array.Resize(ref _ranges, Math.Max(8, _ranges.Length * 2));
        }

        if (_bytes.Length - _byteCount < byteCount)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _byteCount + byteCount));
        }
    }
}