using System.Buffers;

namespace Gateway.Routing;

/// <summary>The one reader of whole request bodies: into an array rented from <see cref="ArrayPool{T}.Shared"/>,
/// bounded by a limit (a declared <c>content-length</c> over it is refused before reading). <see cref="Request"/> and
/// handler binders both read through it; whoever holds the array returns it.</summary>
internal static class PooledBody
{
    public static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(Scope scope, Receive receive, long limit, CancellationToken cancellationToken)
    {
        // The declared length, when it is within the limit, sizes the buffer.
        var declared = RequestBody.ThrowIfDeclaredTooLarge(scope, limit);

        byte[]? body = null;
        var length = 0;
        try
        {
            while (true)
            {
                switch (await receive(cancellationToken).ConfigureAwait(false))
                {
                    case HttpRequest chunk:
                        body = Append(declared, body, length, chunk.Body.Span, limit);
                        length += chunk.Body.Length;
                        if (!chunk.MoreBody)
                        {
                            return (body, length);
                        }

                        break;
                    case HttpDisconnect:
                        throw new ClientDisconnectedException("The client left before sending the whole request body.");
                    case var other:
                        throw new InvalidOperationException($"Expected 'http.request' while reading the body but received '{other.Name}'.");
                }
            }
        }
        catch
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            throw;
        }
    }

    private static byte[]? Append(long declared, byte[]? body, int length, ReadOnlySpan<byte> chunk, long limit)
    {
        if (chunk.IsEmpty)
        {
            return body;
        }

        if (length + (long)chunk.Length > limit)
        {
            throw RequestBody.TooLarge(limit);
        }

        if (body is null || body.Length - length < chunk.Length)
        {
            var size = (int)Math.Min(limit, Math.Max(Math.Max(declared, length + (long)chunk.Length), (body?.Length ?? 1024) * 2L));
            var grown = ArrayPool<byte>.Shared.Rent(size);
            if (body is not null)
            {
                body.AsSpan(0, length).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(body);
            }

            body = grown;
        }

        chunk.CopyTo(body.AsSpan(length));
        return body;
    }
}
