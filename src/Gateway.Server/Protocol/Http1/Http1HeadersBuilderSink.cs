namespace Gateway.Server.Protocol.Http1;

/// <summary>Adds each field to a <see cref="HeadersBuilder"/> without validating it again (the parser did).</summary>
internal readonly struct Http1HeadersBuilderSink : IHttp1HeaderSink
{
    private readonly HeadersBuilder _builder;

    public Http1HeadersBuilderSink(HeadersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _builder = builder;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => _builder.AddWithoutValidation(name, value);
}