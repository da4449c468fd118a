using System.IO.Pipelines;

namespace Gateway.Server.Transport;

/// <summary>A reader and a writer paired as one <see cref="IDuplexPipe"/>.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>Creates two connected duplex pipes: what one side writes, the other reads.</summary>
    public static (IDuplexPipe Server, IDuplexPipe Client) CreatePair(PipeOptions toServer, PipeOptions toClient)
    {
        var input = new Pipe(toServer);
        var output = new Pipe(toClient);
        return (new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer));
    }
}