using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;

namespace Gateway.Abstractions.Tests;

/// <summary>
/// Plays the server's side of an HTTP body: hands out chunks through one reused buffer, overwritten on every receive
/// as a server's receive buffer is, so a reader that keeps a chunk past the next receive sees garbage.
/// </summary>
internal sealed class FakeBody(params byte[][] chunks)
{
    private readonly byte[] _shared = new byte[1 << 16];
    private int _next;

    public int Receives { get; private set; }

    public bool DisconnectAfterChunks { get; init; }

    public ValueTask<Message> Receive(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Receives++;
        Array.Fill(_shared, (byte)'#');
        if (_next >= chunks.Length)
        {
            return ValueTask.FromResult<Message>(DisconnectAfterChunks ? HttpDisconnect.Instance : throw new InvalidOperationException("read past the end"));
        }

        var chunk = chunks[_next++];
        chunk.CopyTo(_shared, 0);
        var more = _next < chunks.Length || DisconnectAfterChunks;
        return ValueTask.FromResult<Message>(new HttpRequest(_shared.AsMemory(0, chunk.Length), more));
    }
}

/// <summary>Plays the server's side of a response body: copies each chunk (as a server writes it out) and records it.</summary>
internal sealed class RecordingSend
{
    public List<(byte[] Body, bool MoreBody)> Chunks { get; } = [];

    public ValueTask Send(Message message, CancellationToken cancellationToken = default)
    {
        var body = Assert.IsType<HttpResponseBody>(message);
        Chunks.Add((body.Body.ToArray(), body.MoreBody));
        return ValueTask.CompletedTask;
    }

    public byte[] Body => Chunks.SelectMany(c => c.Body).ToArray();
}

/// <summary>A server capability offering native pipes only for its own delegates.</summary>
internal sealed class FakeNativePipes(Receive ownReceive, Send ownSend) : INativeBodyPipes
{
    public Pipe RequestPipe { get; } = new();

    public Pipe ResponsePipe { get; } = new();

    public bool TryGetRequestBodyReader(Receive receive, [NotNullWhen(true)] out PipeReader? reader)
    {
        reader = ReferenceEquals(receive, ownReceive) ? RequestPipe.Reader : null;
        return reader is not null;
    }

    public bool TryGetResponseBodyWriter(Send send, [NotNullWhen(true)] out PipeWriter? writer)
    {
        writer = ReferenceEquals(send, ownSend) ? ResponsePipe.Writer : null;
        return writer is not null;
    }
}