using System.IO.Pipelines;

namespace Gateway.Testing;

/// <summary>The app's <see cref="Receive"/>: the request body in bounded chunks, then <see cref="HttpDisconnect"/>.</summary>
internal sealed partial class HttpExchange
{
    private readonly Pipe? _requestBody;
    private long _received;
    private bool _bodyDone;
    private SequencePosition? _chunkEnd;

    private async ValueTask<Message> ReceiveAsync(CancellationToken cancellationToken)
    {
        _monitor.EnterReceive();
        try
        {
            return await ReceiveCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _monitor.ExitReceive();
        }
    }

    private async ValueTask<Message> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        // The previous chunk was valid until this call: only now may the pipe reuse its memory.
        if (_chunkEnd is { } chunkEnd)
        {
            _chunkEnd = null;
            _requestBody!.Reader.AdvanceTo(chunkEnd);
        }

        if (IsClientGone)
        {
            return HttpDisconnect.Instance;
        }

        if (!_bodyDone)
        {
            return await ReadBodyChunkAsync(cancellationToken).ConfigureAwait(false);
        }

        // As in ASGI, the app may wait on receive to learn that the client left while it streams its response.
        await _completeOrGone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return HttpDisconnect.Instance;
    }

    private async ValueTask<Message> ReadBodyChunkAsync(CancellationToken cancellationToken)
    {
        if (_requestBody is null)
        {
            _bodyDone = true;
            return HttpRequest.Empty;
        }

        var declared = _request.Content!.Headers.ContentLength;
        var reader = _requestBody.Reader;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_aborted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return HttpDisconnect.Instance;
            }
#pragma warning disable CA1031 // The request content failed: CopyRequestBodyAsync reports it to the test; the app sees the client leave.
            catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return HttpDisconnect.Instance;
            }

            var buffer = result.Buffer;
            var available = declared is { } length ? Math.Min(buffer.Length, length - _received) : buffer.Length;
            if (available > 0)
            {
                var first = buffer.First;
                var size = (int)Math.Min(Math.Min(first.Length, available), _host.Options.MaxChunkSize);
                _received += size;
                var moreBody = declared is { } total ? _received < total : !(result.IsCompleted && size == buffer.Length);
                _bodyDone = !moreBody;
                _chunkEnd = buffer.GetPosition(size);
                return new HttpRequest(first[..size], moreBody);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                if (declared is { } expected && _received < expected)
                {
                    // The content ended before its declared length: a real client fails the request, and the server sees
                    // a client that stopped mid-body.
                    _response.TrySetException(new HttpRequestException(
                        $"The request content ended after {_received} bytes, before its declared content-length of {expected}."));
                    Abort();
                    return HttpDisconnect.Instance;
                }

                _bodyDone = true;
                return HttpRequest.Empty;
            }
        }
    }

    /// <summary>Sends the request content into the body pipe, as a client writes it to the socket, until it ends or
    /// the exchange is over. A content that throws fails the request, as it would with a real client.</summary>
    private async Task CopyRequestBodyAsync(HttpContent content, PipeWriter writer)
    {
        try
        {
            var stream = writer.AsStream(leaveOpen: true);
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, _stopRequestCopy.Token).ConfigureAwait(false);
            }

            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopRequestCopy.IsCancellationRequested)
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The failure is reported to the test through the response task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // Failed before the app can see it (completing the writer wakes its receive), so that an app returning at
            // once cannot be blamed for a response it was never able to send.
            _response.TrySetException(exception as HttpRequestException
                ?? new HttpRequestException("Error while copying content to a stream.", exception));
            Abort();
            await writer.CompleteAsync(exception).ConfigureAwait(false);
        }
    }
}