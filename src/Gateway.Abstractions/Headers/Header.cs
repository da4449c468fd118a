using System.Text;

namespace Gateway;

/// <summary>
/// One header field: a lower-case name and a value, as raw bytes. Decoding to strings (Latin-1, as HTTP defines
/// field bytes) happens only when asked for.
/// </summary>
public readonly struct Header : IEquatable<Header>
{
    /// <summary>Creates a header from raw bytes. Nothing is copied or validated until it is added to a <see cref="Headers"/>.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    public Header(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>Creates a header from strings, encoded as Latin-1. Nothing is validated until it is added to a
    /// <see cref="Headers"/>.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    public Header(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = Encoding.Latin1.GetBytes(name);
        Value = Encoding.Latin1.GetBytes(value);
    }

    /// <summary>The field name; lower-case once part of a <see cref="Headers"/>.</summary>
    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>The field value, without leading or trailing whitespace when it came from a request.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The name as a string (allocates).</summary>
    public string NameString => Encoding.Latin1.GetString(Name.Span);

    /// <summary>The value as a Latin-1 string (allocates).</summary>
    public string ValueString => Encoding.Latin1.GetString(Value.Span);

    /// <summary>Compares two headers byte by byte.</summary>
    public static bool operator ==(Header left, Header right) => left.Equals(right);

    /// <summary>Compares two headers byte by byte.</summary>
    public static bool operator !=(Header left, Header right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(Header other) => Name.Span.SequenceEqual(other.Name.Span) && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Header other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Name.Span);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <summary>The header as it would appear on the wire, without the line ending.</summary>
    /// <returns><c>name: value</c>.</returns>
    public override string ToString() => $"{NameString}: {ValueString}";
}