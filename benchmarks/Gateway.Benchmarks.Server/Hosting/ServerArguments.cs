using System.Globalization;

using Gateway.Server;

namespace Gateway.Benchmarks.Hosting;

/// <summary>The command line of the benchmark server: <c>--port N</c> (0 picks a free port; the default is 8080),
/// <c>--shape NAME</c> (see <see cref="BenchmarkShapes"/>), <c>--transport eventloop|sockets</c> (the server's
/// <see cref="ServerTransport"/>, so one build compares both) and <c>--list-shapes</c>.</summary>
/// <param name="Port">The TCP port to listen on at 127.0.0.1.</param>
/// <param name="Shape">The app shape to serve.</param>
/// <param name="ListShapes">Whether to print the shape names, one a line, and exit.</param>
/// <param name="Transport">The server's transport; the default is the server's default.</param>
internal sealed record ServerArguments(int Port, string Shape, bool ListShapes, ServerTransport Transport = ServerTransport.EventLoop)
{
    /// <summary>How to call the server, printed on a bad command line.</summary>
    public const string Usage = "usage: Gateway.Benchmarks.Server [--port N] [--shape NAME] [--transport eventloop|sockets] | --list-shapes";

    /// <summary>Parses a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="arguments">The parsed arguments when they are valid.</param>
    /// <param name="error">What is wrong with them otherwise.</param>
    /// <returns>Whether the arguments are valid.</returns>
    public static bool TryParse(string[] args, out ServerArguments arguments, out string? error)
    {
        arguments = new ServerArguments(8080, BenchmarkShapes.Default, ListShapes: false);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--list-shapes":
                    arguments = arguments with { ListShapes = true };
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    arguments = arguments with { Port = port };
                    i++;
                    break;
                case "--shape" when i + 1 < args.Length && BenchmarkShapes.Names.Contains(args[i + 1]):
                    arguments = arguments with { Shape = args[i + 1] };
                    i++;
                    break;
                case "--transport" when i + 1 < args.Length && args[i + 1] is "eventloop" or "sockets":
                    arguments = arguments with { Transport = args[i + 1] == "sockets" ? ServerTransport.Sockets : ServerTransport.EventLoop };
                    i++;
                    break;
                default:
                    error = $"unexpected argument '{args[i]}' (shapes: {string.Join(", ", BenchmarkShapes.Names)})";
                    return false;
            }
        }

        return true;
    }
}