using System.Diagnostics;
using System.Globalization;

using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>
/// A user of the SignalR peer: a <see cref="HubConnection"/> over WebSockets alone with negotiation skipped (so no
/// sticky session is needed behind nginx), <c>Join(room)</c>, then <c>Send(room, clientId, text)</c> invocations whose
/// results are the acks; <c>message</c> events arrive for the room's group.
/// </summary>
internal sealed class SignalRClient(int index, int room, Measurement measurement) : LoadClient(index, room, measurement)
{
    private HubConnection? _connection;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string RoomName => string.Create(CultureInfo.InvariantCulture, $"room-{Room}");

    protected override async Task ConnectCoreAsync(Uri baseUri, string? access, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "hub"), HttpTransportType.WebSockets, options => options.SkipNegotiation = true)
            .Build();
        _connection = connection;
        connection.On<string, long, string, string>("message", (_, _, clientId, text) => OnMessage(clientId, text, Stopwatch.GetTimestamp()));
        connection.Closed += exception =>
        {
            _closed.TrySetResult();
            if (exception is not null)
            {
                Measurement.Error($"client {Index}: connection closed: {exception.Message}");
            }

            return Task.CompletedTask;
        };
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync("Join", RoomName, cancellationToken);
    }

    // Not awaited: like the chat client, the next send does not wait for this one's ack.
    protected override Task SendCoreAsync(string clientId, string text, CancellationToken cancellationToken)
    {
        _ = AckAsync(_connection!.InvokeAsync<long>("Send", RoomName, clientId, text, CancellationToken.None), clientId);
        return Task.CompletedTask;
    }

    public override async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _closed.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task AckAsync(Task<long> invocation, string clientId)
    {
        try
        {
            await invocation;
            OnAck(clientId);
        }
        catch (Exception exception) when (exception is HubException or InvalidOperationException or IOException or OperationCanceledException)
        {
            if (_closed.Task.IsCompleted)
            {
                return; // stopping
            }

            Measurement.Error($"client {Index}: send failed: {exception.Message}");
        }
    }
}