using System.Globalization;
using System.Reflection;

namespace Gateway.Benchmarks.ChatLoad;

/// <summary>The command line: <c>--users N</c> (50), <c>--rooms R</c> (5), <c>--rate M</c> (messages per second per
/// client, 1), <c>--warmup S</c> (10), <c>--duration S</c> (30), <c>--setups a,b</c> (every one of
/// <see cref="Deployment.Setups"/>), <c>--chat PATH</c> (the chat's dll; default: the one built next to this program),
/// <c>--signalr PATH</c> (the SignalR peer's dll; default: the one built beside it) and <c>--no-pin</c> (do not pin the
/// servers to CPU 0).</summary>
internal sealed record ChatLoadArguments(int Users, int Rooms, double Rate, double Warmup, double Duration, IReadOnlyList<string> Setups, string ChatDll, string SignalRDll, bool Pin)
{
    /// <summary>The chat allows 20 sends per 10 s per connection; the rate stays below it.</summary>
    public const double MaxRate = 1.9;

    /// <summary>How to call the benchmark, printed on a bad command line.</summary>
    public static readonly string Usage =
        "usage: Gateway.Benchmarks.ChatLoad [--users 50] [--rooms 5] [--rate 1] [--warmup 10] [--duration 30] [--setups " + string.Join(',', Deployment.Setups) + "]\n" +
        "         [--chat PATH/Gateway.Samples.Chat.dll] [--signalr PATH/Gateway.Benchmarks.SignalR.dll] [--no-pin]\n" +
        "  users 2..2000, rooms 1..users, rate (messages/s per client) above 0 and at most 1.9 (the chat limits 20 sends per 10 s),\n" +
        "  warmup 0..600 s, duration 1..600 s, setups a comma-separated subset of " + string.Join(", ", Deployment.Setups);

    /// <summary>Parses a command line; false when an argument is unknown or out of range.</summary>
    public static bool TryParse(string[] args, out ChatLoadArguments arguments)
    {
        arguments = new ChatLoadArguments(50, 5, 1, 10, 30, Deployment.Setups, Path.Combine(AppContext.BaseDirectory, "Gateway.Samples.Chat.dll"), DefaultSignalRDll(), Pin: true);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--users" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var users) && users is >= 2 and <= 2000:
                    arguments = arguments with { Users = users };
                    i++;
                    break;
                case "--rooms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rooms) && rooms >= 1:
                    arguments = arguments with { Rooms = rooms };
                    i++;
                    break;
                case "--rate" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is > 0 and <= MaxRate:
                    arguments = arguments with { Rate = rate };
                    i++;
                    break;
                case "--warmup" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var warmup) && warmup is >= 0 and <= 600:
                    arguments = arguments with { Warmup = warmup };
                    i++;
                    break;
                case "--duration" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration) && duration is >= 1 and <= 600:
                    arguments = arguments with { Duration = duration };
                    i++;
                    break;
                case "--setups" when value is not null && value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } setups
                                     && setups.All(Deployment.Setups.Contains):
                    arguments = arguments with { Setups = setups };
                    i++;
                    break;
                case "--chat" when value is not null:
                    arguments = arguments with { ChatDll = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--signalr" when value is not null:
                    arguments = arguments with { SignalRDll = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--no-pin":
                    arguments = arguments with { Pin = false };
                    break;
                default:
                    return false;
            }
        }

        return arguments.Rooms <= arguments.Users;
    }

    // The peer is built (a project reference) in this program's configuration, in its own bin folder.
    private static string DefaultSignalRDll()
    {
        var configuration = typeof(ChatLoadArguments).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return Path.Combine(directory.FullName, "benchmarks", "Peers", "SignalR", "bin", configuration, "net10.0", "Gateway.Benchmarks.SignalR.dll");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "Gateway.Benchmarks.SignalR.dll");
    }
}