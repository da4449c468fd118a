using System.Buffers;
using System.Text;

namespace Gateway.Benchmarks.Micro.Http1;

/// <summary>The request heads the HTTP/1.1 parser benchmarks parse, as single-segment sequences.</summary>
internal static class Http1BenchmarkRequests
{
    /// <summary>The TechEmpower plaintext request (the one Kestrel's own parser benchmarks use).</summary>
    public static ReadOnlySequence<byte> Plaintext { get; } = Sequence(
        "GET /plaintext HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
        + "Connection: keep-alive\r\n"
        + "\r\n");

    /// <summary>A typical browser navigation: a query and 10 header fields.</summary>
    public static ReadOnlySequence<byte> Browser { get; } = Sequence(
        "GET /products/42?ref=home&utm_source=mail HTTP/1.1\r\n"
        + "Host: www.example.com\r\n"
        + "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
        + "Accept-Language: en-US,en;q=0.9\r\n"
        + "Accept-Encoding: gzip, deflate, br\r\n"
        + "Connection: keep-alive\r\n"
        + "Referer: https://www.example.com/products\r\n"
        + "Cookie: session=3f9a7c1e2b; theme=dark; consent=yes\r\n"
        + "Upgrade-Insecure-Requests: 1\r\n"
        + "Cache-Control: max-age=0\r\n"
        + "\r\n");

    public static ReadOnlySequence<byte> Get(string name) => name switch
    {
        "plaintext" => Plaintext,
        "browser" => Browser,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "plaintext or browser"),
    };

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.ASCII.GetBytes(text));
}