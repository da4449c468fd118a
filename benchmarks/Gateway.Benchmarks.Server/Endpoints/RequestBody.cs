using System.Buffers;

namespace Gateway.Benchmarks.Endpoints;

/// <summary>Reads a whole request body through <c>receive</c>, up to a limit.</summary>
internal static class RequestBody
{
    /// <summary>Reads the body. A body that arrives in one message is returned without copying (valid until the next
    /// <c>receive</c>, the contract's rule); one that arrives in several is copied into one array.</summary>
    /// <param name="receive">The request's receive.</param>
    /// <param name="maxSize">The most bytes accepted.</param>
    /// <returns>The outcome and, for <see cref="ReadStatus.Complete"/>, the body.</returns>
    public static async ValueTask<(ReadStatus Status, ReadOnlyMemory<byte> Body)> ReadAsync(Receive receive, int maxSize)
    {
        if (await receive().ConfigureAwait(false) is not HttpRequest first)
        {
            return (ReadStatus.Disconnected, default);
        }

        if (!first.MoreBody)
        {
            return first.Body.Length <= maxSize ? (ReadStatus.Complete, first.Body) : (ReadStatus.TooLarge, default);
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxSize, Math.Max(first.Body.Length * 2, 256)));
        var chunk = first;
        while (true)
        {
            if (buffer.WrittenCount + chunk.Body.Length > maxSize)
            {
                return (ReadStatus.TooLarge, default);
            }

            buffer.Write(chunk.Body.Span);
            if (!chunk.MoreBody)
            {
                return (ReadStatus.Complete, buffer.WrittenMemory);
            }

            if (await receive().ConfigureAwait(false) is not HttpRequest next)
            {
                return (ReadStatus.Disconnected, default);
            }

            chunk = next;
        }
    }

    /// <summary>How reading a body ended.</summary>
    public enum ReadStatus
    {
        /// <summary>The whole body was read.</summary>
        Complete,

        /// <summary>The body is larger than the limit; the rest was not read.</summary>
        TooLarge,

        /// <summary>The client went away before the body ended.</summary>
        Disconnected,
    }
}