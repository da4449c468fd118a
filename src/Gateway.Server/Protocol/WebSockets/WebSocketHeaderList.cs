using System.Text;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>
/// Splits an HTTP list-valued field (RFC 9110 section 5.6.1: <c>#element</c>) into its elements: separated by commas,
/// optional whitespace trimmed, empty elements skipped (recipients must accept <c>"a, , b"</c>). For fields whose
/// elements are tokens (<c>Connection</c>, <c>Upgrade</c>, <c>Sec-WebSocket-Protocol</c>), which cannot contain a
/// quoted comma.
/// </summary>
internal ref struct WebSocketHeaderList
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts enumerating the elements of one field value.</summary>
    /// <param name="value">The field value.</param>
    public WebSocketHeaderList(ReadOnlySpan<byte> value)
    {
        _rest = value;
        Current = default;
    }

    /// <summary>The current element, trimmed.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Whether any field named <paramref name="name"/> lists <paramref name="token"/> (ASCII case-insensitive).</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="name">The field name, lower-case.</param>
    /// <param name="token">The token looked for.</param>
    /// <returns>Whether it is listed.</returns>
    public static bool Contains(Headers headers, ReadOnlySpan<byte> name, ReadOnlySpan<byte> token)
    {
        foreach (var value in headers.GetValues(name))
        {
            foreach (var element in new WebSocketHeaderList(value.Span))
            {
                if (Ascii.EqualsIgnoreCase(element, token))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Trims spaces and horizontal tabs (HTTP's optional whitespace) from both ends.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The trimmed bytes.</returns>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    /// <returns>This enumerator.</returns>
    public readonly WebSocketHeaderList GetEnumerator() => this;

    /// <summary>Moves to the next non-empty element.</summary>
    /// <returns>Whether there is one.</returns>
    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            var comma = _rest.IndexOf((byte)',');
            ReadOnlySpan<byte> element;
            if (comma < 0)
            {
                element = _rest;
                _rest = default;
            }
            else
            {
                element = _rest[..comma];
                _rest = _rest[(comma + 1)..];
            }

            element = TrimWhitespace(element);
            if (!element.IsEmpty)
            {
                Current = element;
                return true;
            }
        }

        return false;
    }
}