namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Enumerates the elements of a comma-separated field value (RFC 9110 §5.6.1 "#rule") with their OWS trimmed, skipping
/// empty elements as the RFC asks recipients to. Allocates nothing: <c>foreach (var e in new Http1TokenList(value))</c>.
/// Elements are not validated here; callers check them against their own grammar.
/// </summary>
internal ref struct Http1TokenList
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public Http1TokenList(ReadOnlySpan<byte> value)
    {
        _rest = value;
        _done = false;
        Current = default;
    }

    /// <summary>The current element, trimmed, never empty.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    public readonly Http1TokenList GetEnumerator() => this;

    public bool MoveNext()
    {
        while (!_done)
        {
            ReadOnlySpan<byte> element;
            var comma = _rest.IndexOf(Http1Bytes.Comma);
            if (comma < 0)
            {
                element = _rest;
                _done = true;
            }
            else
            {
                element = _rest[..comma];
                _rest = _rest[(comma + 1)..];
            }

            element = Http1Bytes.TrimWhitespace(element);
            if (!element.IsEmpty)
            {
                Current = element;
                return true;
            }
        }

        return false;
    }
}