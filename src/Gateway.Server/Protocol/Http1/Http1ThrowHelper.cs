using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.Http1;

/// <summary>Throws for the HTTP/1.1 protocol code, so that hot methods hold a call instead of the throw's code.</summary>
internal static class Http1ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBadRequest(Http1RejectionReason reason) => throw new Http1BadRequestException(reason);

    /// <summary>Rejects a line whose content failed validation, naming a CR inside it as a bare CR (it did not end the
    /// line) rather than as whatever the field's grammar would call it.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBadRequest(Http1RejectionReason reason, ReadOnlySpan<byte> lineContent)
    {
        throw new Http1BadRequestException(lineContent.Contains(Http1Bytes.CR) ? Http1RejectionReason.BareCarriageReturn : reason);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidResponseHeader(ReadOnlySpan<byte> name) =>
        throw new InvalidOperationException(
            $"The response header '{System.Text.Encoding.Latin1.GetString(name)}' has an invalid name or a CR, LF or NUL in its value; "
            + "a header value must never end a line (response splitting).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidResponseContentLength(string problem) =>
        throw new InvalidOperationException($"The response content-length is invalid: {problem}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}