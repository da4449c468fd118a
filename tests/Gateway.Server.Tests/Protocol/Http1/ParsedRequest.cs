using System.Globalization;
using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>A snapshot of one parsed request (head, headers, decoded body, trailers), the test's "events".</summary>
internal sealed class ParsedRequest
{
    public ParsedRequest(Http1RequestHead head, Headers headers)
    {
        Method = head.Method;
        Version = head.Version;
        Form = head.TargetForm;
        RawTarget = Latin1(head.RawTarget);
        RawPath = Latin1(head.RawPath);
        Query = Latin1(head.Query);
        Path = head.Path;
        Authority = Latin1(head.Authority);
        BodyKind = head.BodyKind;
        ContentLength = head.ContentLength;
        KeepAlive = head.KeepAlive;
        ExpectContinue = head.ExpectContinue;
        UpgradeRequested = head.UpgradeRequested;
        IsWebSocketUpgrade = head.IsWebSocketUpgrade;
        AcceptsTrailers = head.AcceptsTrailers;
        HeaderCount = head.HeaderCount;
        Headers = headers;
    }

    public string Method { get; }

    public Http1Version Version { get; }

    public Http1TargetForm Form { get; }

    public string RawTarget { get; }

    public string RawPath { get; }

    public string Query { get; }

    public string Path { get; }

    public string Authority { get; }

    public Http1BodyKind BodyKind { get; }

    public long ContentLength { get; }

    public bool KeepAlive { get; }

    public bool ExpectContinue { get; }

    public bool UpgradeRequested { get; }

    public bool IsWebSocketUpgrade { get; }

    public bool AcceptsTrailers { get; }

    public int HeaderCount { get; }

    public Headers Headers { get; }

    public MemoryStream Body { get; } = new();

    public string BodyText => Encoding.Latin1.GetString(Body.ToArray());

    public bool BodyComplete { get; set; }

    public Headers? Trailers { get; set; }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {RawTarget} {Version} form={Form} path={Path} raw={RawPath} query={Query} authority={Authority} ");
        text.Append(CultureInfo.InvariantCulture, $"body={BodyKind}/{ContentLength} keepAlive={KeepAlive} expect={ExpectContinue} upgrade={UpgradeRequested}/{IsWebSocketUpgrade} ");
        text.Append(CultureInfo.InvariantCulture, $"trailers={AcceptsTrailers} count={HeaderCount}\n{Headers}");
        text.Append(CultureInfo.InvariantCulture, $"body[{Body.Length}]={BodyText} complete={BodyComplete}\n{Trailers}");
        return text.ToString();
    }

    private static string Latin1(ReadOnlyMemory<byte> bytes) => Encoding.Latin1.GetString(bytes.Span);
}