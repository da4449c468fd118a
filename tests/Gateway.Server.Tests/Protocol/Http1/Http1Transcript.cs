using System.Text;

using Gateway.Server.Protocol.Http1;

namespace Gateway.Server.Tests.Protocol.Http1;

/// <summary>Everything a byte stream produced: the requests, and how it ended (an error, or idle/incomplete).</summary>
internal sealed class Http1Transcript
{
    public List<ParsedRequest> Requests { get; } = [];

    public Http1BadRequestException? Error { get; set; }

    /// <summary>"idle" (between requests), "head" or "body" (stopped inside one), or "error".</summary>
    public string End { get; set; } = "idle";

    public ParsedRequest Single()
    {
        Assert.Null(Error);
        return Assert.Single(Requests);
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var request in Requests)
        {
            text.Append(request.Render()).Append("\n---\n");
        }

        text.Append(Error is null ? $"end={End}" : $"error={Error.StatusCode}/{Error.Reason}");
        return text.ToString();
    }
}