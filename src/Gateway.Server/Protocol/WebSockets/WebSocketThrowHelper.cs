using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Gateway.Server.Protocol.WebSockets;

/// <summary>Throw sites kept out of the hot parsing and writing methods, so those stay small enough to inline and their
/// callers' code stays in registers.</summary>
internal static class WebSocketThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowProtocolError(int closeCode, string reason) => throw new WebSocketProtocolException(closeCode, reason);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowReaderFaulted() =>
        throw new InvalidOperationException("The WebSocket frame reader failed the connection earlier; it cannot read any more.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDestinationTooSmall(string paramName) =>
        throw new ArgumentException("The destination is shorter than the source.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowControlPayloadTooLong(string paramName) =>
        throw new ArgumentException("A control frame payload is at most 125 bytes.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCloseReasonTooLong(string paramName) =>
        throw new ArgumentException("A close reason is at most 123 bytes of UTF-8.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCloseCodeNotSendable(int code, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, code, "Close codes that may be sent are 1000-1003, 1007-1014 and 3000-4999 (or 1005 for an empty close frame).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInvalidUtf8(string paramName) =>
        throw new ArgumentException("A WebSocket text payload must be valid UTF-8.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSubprotocolNotOffered(string subprotocol) =>
        throw new InvalidOperationException($"The subprotocol '{subprotocol}' was not offered by the client; an app must choose one of Scope.Subprotocols.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowHandshakeNotValid() =>
        throw new InvalidOperationException("The handshake was rejected; write the rejection response instead of the 101.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowHandshakeValid() =>
        throw new InvalidOperationException("The handshake is valid; there is no rejection response to write.");
}