using System.Globalization;
using System.Net;

namespace Gateway.Server;

/// <summary>The one-call entry point, in the spirit of <c>uvicorn.run(app)</c>.</summary>
public sealed partial class GatewayServer
{
    /// <summary>
    /// Serves <paramref name="app"/> until Ctrl+C (SIGINT), SIGTERM or SIGQUIT, then stops gracefully — a whole program
    /// in one call, as <c>uvicorn.run(app)</c>. Where it listens comes from the command line: <c>--host ADDRESS</c>
    /// (default 127.0.0.1; <c>0.0.0.0</c>, <c>::</c> and <c>localhost</c> are understood), <c>--port N</c> (default 8000,
    /// 0 picks a free one) and <c>--uds PATH</c> (a Unix domain socket instead of TCP); both <c>--port 8000</c> and
    /// <c>--port=8000</c> work, and other arguments are left to the app. Logs go to the console (a "listening on" line,
    /// app errors) unless <paramref name="configure"/> turns <see cref="GatewayServerOptions.ConsoleLogging"/> off.
    /// </summary>
    /// <param name="app">The app to serve.</param>
    /// <param name="args">The program's command-line arguments; <see langword="null"/> for the defaults.</param>
    /// <param name="configure">Adjusts the options after the command line was applied (limits, TLS, more endpoints).</param>
    /// <param name="cancellationToken">Stops the server, as a signal would.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    /// <exception cref="ArgumentException">A <c>--host</c>, <c>--port</c> or <c>--uds</c> value is missing or invalid.</exception>
    public static async Task ServeAsync(
        GatewayApp app, string[]? args, Action<GatewayServerOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = ParseCommandLine(args ?? []);
        configure?.Invoke(options);
        await using var server = new GatewayServer(app, options);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static GatewayServerOptions ParseCommandLine(IReadOnlyList<string> args)
    {
        string? host = null;
        string? port = null;
        string? uds = null;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? argument[..equals] : argument;
            if (name is not ("--host" or "--port" or "--uds"))
            {
                continue;
            }

            string value;
            if (equals > 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"The command-line option {name} needs a value.", nameof(args));
            }

            switch (name)
            {
                case "--host": host = value; break;
                case "--port": port = value; break;
                default: uds = value; break;
            }
        }

        var options = new GatewayServerOptions();
        if (uds is not null)
        {
            if (host is not null || port is not null)
            {
                throw new ArgumentException("--uds listens on a Unix domain socket; it cannot be combined with --host or --port.", nameof(args));
            }

            return options.ListenUnixSocket(uds);
        }

        var portNumber = 8000;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber > IPEndPoint.MaxPort))
        {
            throw new ArgumentException($"--port '{port}' is not a port number (0 to {IPEndPoint.MaxPort}).", nameof(args));
        }

        return options.ListenTcp(ParseHost(host ?? "127.0.0.1"), portNumber);
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "0.0.0.0" => IPAddress.Any,
        "::" or "[::]" => IPAddress.IPv6Any,
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var address) => address,
        _ => throw new ArgumentException($"--host '{host}' is not an IP address (use 127.0.0.1, 0.0.0.0, :: or localhost).", nameof(host)),
    };
}