namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// Receives each validated field of a header or trailer section. Implement it on a struct and pass it by
/// <see langword="ref"/> so the parser is specialised for it and the call inlines.
/// </summary>
internal interface IHttp1HeaderSink
{
    /// <summary>One field, in arrival order.</summary>
    /// <param name="name">A valid token, in the case the client sent; valid only during the call.</param>
    /// <param name="value">The value without leading or trailing OWS, free of control characters but HTAB; valid only
    /// during the call.</param>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}