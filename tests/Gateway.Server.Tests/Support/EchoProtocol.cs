using System.IO.Pipelines;

using Gateway.Server.Connection;
using Gateway.Server.Transport;

namespace Gateway.Server.Tests.Support;

/// <summary>A protocol that echoes every byte, to test transports and the server's lifecycle without HTTP.</summary>
internal sealed class EchoProtocol(TransportConnection transport) : IConnectionProtocol
{
    private readonly PipeReader _input = transport.Transport.Input;
    private readonly PipeWriter _output = transport.Transport.Output;
    private volatile bool _closeRequested;

    public static ConnectionProtocolFactory Factory { get; } = (_, transport, _) => new EchoProtocol(transport);

    public async Task RunAsync()
    {
        while (!_closeRequested)
        {
            var result = await _input.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                await _output.WriteAsync(segment);
            }

            _input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }
    }

    public void RequestClose()
    {
        _closeRequested = true;
        _input.CancelPendingRead();
    }

    public void OnHeartbeat(long nowTicks)
    {
    }
}

/// <summary>A protocol driven by the test: it hands the transport over and runs until released.</summary>
internal sealed class ScriptedProtocol(TransportConnection transport, Func<TransportConnection, Task> script) : IConnectionProtocol
{
    public Task RunAsync() => script(transport);

    public void RequestClose() => CloseRequested.TrySetResult();

    public void OnHeartbeat(long nowTicks) => Heartbeats++;

    public int Heartbeats { get; private set; }

    public TaskCompletionSource CloseRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}