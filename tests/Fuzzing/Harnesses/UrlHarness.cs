using System.Text;

using Gateway.Routing;
using Gateway.Server.Protocol.Http1;

namespace Gateway.Fuzzing.Harnesses;

/// <summary>
/// The decoders of what arrives in a URL and a cookie header: the server's request-target parser (origin, absolute and
/// asterisk forms, percent-decoding and UTF-8 validation of the path), Gateway.Routing's query/form decoder and its cookie
/// parser, each over the same bytes. Invariants: the target parser throws only <see cref="Http1BadRequestException"/>,
/// the form decoder only <see cref="HttpException"/> 413 (too many pairs); a parsed path is never longer than the raw
/// one and never holds a NUL; decoding is deterministic (a second parse gives the same result).
/// </summary>
internal sealed class UrlHarness : IFuzzHarness
{
    public string Name => "url";

    public void Run(byte[] input)
    {
        ParseTarget(input);
        var form = ParseForm(input);
        if (form != ParseForm(input))
        {
            throw new FuzzInvariantException("the form decoder is not deterministic");
        }

        ParseCookies(input);
    }

    private static void ParseTarget(byte[] input)
    {
        foreach (var method in (string[])["GET", "OPTIONS"])
        {
            Http1RequestTarget target;
            try
            {
                target = Http1RequestTarget.Parse(input, method);
            }
            catch (Http1BadRequestException)
            {
                continue;
            }

            if (target.Path.Contains('\0', StringComparison.Ordinal))
            {
                throw new FuzzInvariantException("a decoded path holds a NUL");
            }

            if (Encoding.UTF8.GetByteCount(target.Path) > Math.Max(1, input.Length))
            {
                throw new FuzzInvariantException($"the decoded path '{target.Path}' is longer than the target");
            }
        }
    }

    private static string ParseForm(byte[] input)
    {
        try
        {
            var map = UrlEncoding.ParseForm(input, maxPairs: 16);
            return string.Join("&", map.Pairs.Select(p => $"{p.Key}={p.Value}"));
        }
        catch (HttpException error) when (error.Status == 413)
        {
            return "error=413";
        }
    }

    private static void ParseCookies(byte[] input)
    {
        // Only what could reach an app: the server refuses a field value with a control character (HTAB aside).
        foreach (var b in input)
        {
            if ((b < 0x20 && b != 0x09) || b == 0x7F)
            {
                return;
            }
        }

        var scope = new Scope
        {
            Type = ScopeType.Http,
            Headers = Headers.Create([new Header("cookie"u8.ToArray(), input)]),
        };
        try
        {
            _ = RequestCookies.Parse(scope);
        }
        catch (Gateway.Routing.HttpException exception) when (exception.Status == 431)
        {
            // The documented answer to more than the pair cap (1,000) of cookies; anything else is a finding. Found by
            // AFL++: a header of 5 KB with over 1,000 ';'-separated pairs, which this harness did not expect.
        }
    }
}