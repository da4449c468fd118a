using System.Diagnostics;
using System.Net.WebSockets;

namespace Gateway.Benchmarks.WebSocketLoad;

/// <summary>Loads an echo endpoint: every connection sends a message, awaits its echo, and repeats until the time is up.</summary>
internal static class EchoLoad
{
    /// <summary>Opens every connection, then runs them all for <paramref name="duration"/>.</summary>
    /// <param name="url">The endpoint.</param>
    /// <param name="connections">How many connections.</param>
    /// <param name="duration">How long to send.</param>
    /// <param name="size">The message size.</param>
    /// <param name="text">Whether to send text messages.</param>
    /// <returns>What was measured.</returns>
    public static async Task<LoadResult> RunAsync(Uri url, int connections, TimeSpan duration, int size, bool text)
    {
        var sockets = new ClientWebSocket[connections];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new ClientWebSocket();
            await sockets[i].ConnectAsync(url, CancellationToken.None);
        }

        var message = new byte[size];
        Array.Fill(message, (byte)'x');
        var type = text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var runs = new Task<List<long>>[connections];
        for (var i = 0; i < runs.Length; i++)
        {
            var socket = sockets[i];
            runs[i] = Task.Run(() => RunConnectionAsync(socket, message, type, end));
        }

        var latencies = new List<long>();
        var errors = 0;
        foreach (var run in runs)
        {
            try
            {
                latencies.AddRange(await run);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
            {
                errors++;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        foreach (var socket in sockets)
        {
            await CloseAsync(socket);
        }

        latencies.Sort();
        return new LoadResult(latencies.Count, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors);
    }

    /// <summary>Receives one whole message into <paramref name="buffer"/>.</summary>
    /// <param name="socket">The connection.</param>
    /// <param name="buffer">Where the message goes; a longer message is an error.</param>
    /// <param name="cancellationToken">Abandons the receive.</param>
    /// <returns>The message's length and type.</returns>
    public static async ValueTask<(int Count, WebSocketMessageType Type)> ReceiveMessageAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                throw new WebSocketException($"an echo was longer than the {buffer.Length} bytes expected");
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
            count += result.Count;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"the server closed the connection ({socket.CloseStatus})");
            }

            if (result.EndOfMessage)
            {
                return (count, result.MessageType);
            }
        }
    }

    private static async Task<List<long>> RunConnectionAsync(ClientWebSocket socket, byte[] message, WebSocketMessageType type, long end)
    {
        var latencies = new List<long>(4096);
        var buffer = new byte[message.Length + 1];
        var sent = Stopwatch.GetTimestamp();
        while (sent < end)
        {
            await socket.SendAsync(message, type, endOfMessage: true, CancellationToken.None);
            var (count, _) = await ReceiveMessageAsync(socket, buffer, CancellationToken.None);
            if (count != message.Length)
            {
                throw new WebSocketException($"an echo of {count} bytes came back for a message of {message.Length}");
            }

            var received = Stopwatch.GetTimestamp();
            latencies.Add(received - sent);
            sent = received;
        }

        return latencies;
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        using (socket)
        {
            if (socket.State != WebSocketState.Open)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // Closing is best effort once the measurement is over.
            }
        }
    }

    private static TimeSpan Percentile(List<long> sorted, double fraction) =>
        sorted.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(fraction * sorted.Count) - 1)]);
}