using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>The standard methods (RFC 9110 §9, RFC 5789) as interned strings, so parsing a known method allocates
/// nothing and callers may compare by reference.</summary>
internal static class Http1Methods
{
    public const string Get = "GET";
    public const string Head = "HEAD";
    public const string Post = "POST";
    public const string Put = "PUT";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";
    public const string Options = "OPTIONS";
    public const string Trace = "TRACE";
    public const string Patch = "PATCH";

    /// <summary>Finds the interned string for a standard method (case-sensitive, as methods are).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? TryGetKnown(ReadOnlySpan<byte> method) => method.Length switch
    {
        3 when method.SequenceEqual("GET"u8) => Get,
        3 when method.SequenceEqual("PUT"u8) => Put,
        4 when method.SequenceEqual("POST"u8) => Post,
        4 when method.SequenceEqual("HEAD"u8) => Head,
        5 when method.SequenceEqual("PATCH"u8) => Patch,
        5 when method.SequenceEqual("TRACE"u8) => Trace,
        6 when method.SequenceEqual("DELETE"u8) => Delete,
        7 when method.SequenceEqual("OPTIONS"u8) => Options,
        7 when method.SequenceEqual("CONNECT"u8) => Connect,
        _ => null,
    };
}