using System.Globalization;

namespace Gateway.Benchmarks.Kestrel;

/// <summary>The command line of the Kestrel peer: <c>--port N</c> (0 picks a free port; the default is 8080) and
/// <c>--shape raw|minimal</c> (the default is raw).</summary>
/// <param name="Port">The TCP port to listen on at 127.0.0.1.</param>
/// <param name="Shape">The app shape to serve.</param>
internal sealed record PeerArguments(int Port, string Shape)
{
    /// <summary>The shape written with <c>app.Run</c>, no routing.</summary>
    public const string Raw = "raw";

    /// <summary>The shape written with Minimal APIs and .NET 10 validation.</summary>
    public const string Minimal = "minimal";

    /// <summary>How to call the peer, printed on a bad command line.</summary>
    public const string Usage = "usage: Gateway.Benchmarks.Kestrel [--port N] [--shape raw|minimal]";

    /// <summary>Parses a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="arguments">The parsed arguments when they are valid.</param>
    /// <returns>Whether the arguments are valid.</returns>
    public static bool TryParse(string[] args, out PeerArguments arguments)
    {
        arguments = new PeerArguments(8080, Raw);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--port" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    arguments = arguments with { Port = port };
                    break;
                case "--shape" when args[i + 1] is Raw or Minimal:
                    arguments = arguments with { Shape = args[i + 1] };
                    break;
                default:
                    return false;
            }
        }

        return args.Length % 2 == 0;
    }
}