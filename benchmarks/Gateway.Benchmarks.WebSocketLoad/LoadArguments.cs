using System.Globalization;

namespace Gateway.Benchmarks.WebSocketLoad;

/// <summary>The client's command line: <c>--url ws://host:port/path</c> (required), <c>--connections N</c> (100),
/// <c>--seconds S</c> (10), <c>--size BYTES</c> (32), <c>--text</c> (send text messages instead of binary) and
/// <c>--check</c> (check one text and one binary echo, then exit 0 when both came back unchanged).</summary>
/// <param name="Url">The WebSocket endpoint.</param>
/// <param name="Connections">How many connections run at once.</param>
/// <param name="Seconds">How long to send.</param>
/// <param name="Size">The message size in bytes.</param>
/// <param name="Text">Whether messages are text (ASCII) rather than binary.</param>
/// <param name="Check">Whether to check the echo instead of loading the server.</param>
internal sealed record LoadArguments(Uri Url, int Connections, double Seconds, int Size, bool Text, bool Check)
{
    /// <summary>How to call the client, printed on a bad command line.</summary>
    public const string Usage =
        "usage: Gateway.Benchmarks.WebSocketLoad --url ws://127.0.0.1:PORT/ws/echo [--connections 100] [--seconds 10] [--size 32] [--text] [--check]";

    /// <summary>Parses a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="arguments">The parsed arguments when they are valid.</param>
    /// <returns>Whether the arguments are valid.</returns>
    public static bool TryParse(string[] args, out LoadArguments arguments)
    {
        arguments = new LoadArguments(new Uri("ws://127.0.0.1:8080/ws/echo"), 100, 10, 32, Text: false, Check: false);
        var hasUrl = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "ws" or "wss":
                    arguments = arguments with { Url = url };
                    hasUrl = true;
                    i++;
                    break;
                case "--connections" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var connections) && connections > 0:
                    arguments = arguments with { Connections = connections };
                    i++;
                    break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    arguments = arguments with { Seconds = seconds };
                    i++;
                    break;
                case "--size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= 65536:
                    arguments = arguments with { Size = size };
                    i++;
                    break;
                case "--text":
                    arguments = arguments with { Text = true };
                    break;
                case "--check":
                    arguments = arguments with { Check = true };
                    break;
                default:
                    return false;
            }
        }

        return hasUrl;
    }
}