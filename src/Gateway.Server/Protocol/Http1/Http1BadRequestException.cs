namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// A request the server will not process. The connection answers <see cref="StatusCode"/> (see
/// <see cref="Http1ResponseWriter.WriteRejection{TOutput}"/>) and closes: after a framing error the byte stream can no
/// longer be trusted.
/// </summary>
internal sealed class Http1BadRequestException : Exception
{
    public Http1BadRequestException()
        : this(Http1RejectionReason.InvalidRequestLine)
    {
    }

    public Http1BadRequestException(string message)
        : base(message)
    {
        Reason = Http1RejectionReason.InvalidRequestLine;
        StatusCode = 400;
    }

    public Http1BadRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = Http1RejectionReason.InvalidRequestLine;
        StatusCode = 400;
    }

    public Http1BadRequestException(Http1RejectionReason reason)
        : base(System.Text.Encoding.ASCII.GetString(Http1Rejections.Text(reason)))
    {
        Reason = reason;
        StatusCode = Http1Rejections.StatusCode(reason);
    }

    /// <summary>Why the request was rejected.</summary>
    public Http1RejectionReason Reason { get; }

    /// <summary>The status code to answer: 400, 414, 417, 431, 501 or 505.</summary>
    public int StatusCode { get; }
}