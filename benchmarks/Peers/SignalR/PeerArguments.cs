using System.Globalization;

namespace Gateway.Benchmarks.SignalR;

/// <summary>The command line: <c>--port N</c> (required), <c>--postgres CONNECTION</c> (required: the message store),
/// <c>--redis CONFIGURATION</c> (optional: SignalR's Redis backplane for several instances).</summary>
internal sealed record PeerArguments(int Port, string Postgres, string? Redis)
{
    public const string Usage = "usage: Gateway.Benchmarks.SignalR --port N --postgres CONNECTION-STRING [--redis HOST:PORT]";

    public static bool TryParse(string[] args, out PeerArguments arguments)
    {
        int? port = null;
        string? postgres = null, redis = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--port" when int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535:
                    port = value;
                    break;
                case "--postgres":
                    postgres = args[i + 1];
                    break;
                case "--redis":
                    redis = args[i + 1];
                    break;
                default:
                    arguments = null!;
                    return false;
            }
        }

        arguments = new PeerArguments(port ?? 0, postgres ?? string.Empty, redis);
        return args.Length % 2 == 0 && port is not null && postgres is not null;
    }
}