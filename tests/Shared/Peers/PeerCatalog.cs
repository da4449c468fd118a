using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gateway.Tests.Peers;

/// <summary>Finds peers once per test run and says how to install a missing one.</summary>
/// <remarks>Detection runs at test discovery (from <see cref="PeerFactAttribute"/>'s constructor), so it is cached and
/// cheap: a lookup on <c>PATH</c>, or one <c>python3 -c "import …"</c> per Python module.</remarks>
internal static class PeerCatalog
{
    /// <summary>Debian's interpreter: the python3 packages the tests need (h11, websockets) are installed for it.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<Peer, bool> Found = new();

    /// <summary>Whether this run is CI (<c>CI=true</c>), where a missing peer fails its tests instead of skipping them.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="peer"/> is installed where its tests look for it.</summary>
    public static bool IsPresent(Peer peer) => Found.GetOrAdd(peer, Probe);

    /// <summary>What a missing peer is called and the command that installs it, e.g. "nginx not found: apt-get install nginx".</summary>
    public static string MissingMessage(Peer peer) => peer switch
    {
        Peer.Python => $"{Python} not found: apt-get install python3",
        Peer.PythonH11 => $"Python's h11 not found under {Python}: apt-get install python3-h11",
        Peer.PythonWebSockets => $"Python's websockets not found under {Python}: apt-get install python3-websockets",
        Peer.Curl => "curl not found: apt-get install curl",
        Peer.Nginx => "nginx not found: apt-get install nginx",
        Peer.Chromium => "chromium not found: apt-get install chromium",
        Peer.RedisServer => "redis-server not found: apt-get install redis-server",
        Peer.PostgreSql => "postgres not found: apt-get install postgresql",
        _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, null),
    };

    /// <summary>The reason to skip a test that needs <paramref name="peers"/>: null when all are present, or when
    /// <paramref name="isCi"/> (then the test runs and fails where it starts the missing peer).</summary>
    public static string? SkipReason(IReadOnlyList<Peer> peers, bool isCi, Func<Peer, bool> isPresent)
    {
        if (isCi)
        {
            return null;
        }

        string? reason = null;
        foreach (var peer in peers)
        {
            if (!isPresent(peer))
            {
                reason = reason is null ? MissingMessage(peer) : $"{reason}; {MissingMessage(peer)}";
            }
        }

        return reason;
    }

    /// <summary>Throws a clear exception when <paramref name="peer"/> is missing; tests' helpers call it before they
    /// start the peer, so a CI run without it fails with the install command rather than a process-start error.</summary>
    public static void Require(Peer peer)
    {
        if (!IsPresent(peer))
        {
            throw new InvalidOperationException(MissingMessage(peer) + (IsCi ? " (CI=true: peer tests are never skipped)" : string.Empty));
        }
    }

    private static bool Probe(Peer peer) => peer switch
    {
        Peer.Python => File.Exists(Python),
        Peer.PythonH11 => PythonImports("h11"),
        Peer.PythonWebSockets => PythonImports("websockets"),
        Peer.Curl => OnPath("curl"),
        Peer.Nginx => OnPath("nginx"),
        Peer.Chromium => OnPath("chromium"),
        Peer.RedisServer => OnPath("redis-server"),
        Peer.PostgreSql => OnPath("postgres") || PostgreSqlInstalled(),
        _ => false,
    };

    /// <summary>Whether <paramref name="program"/> is an executable file in a directory on <c>PATH</c>.</summary>
    public static bool OnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PostgreSqlInstalled()
    {
        const string Root = "/usr/lib/postgresql";
        return Directory.Exists(Root) && Directory.EnumerateDirectories(Root).Any(version => File.Exists(Path.Combine(version, "bin", "postgres")));
    }

    private static bool PythonImports(string module)
    {
        if (!IsPresent(Peer.Python))
        {
            return false;
        }

        try
        {
            var info = new ProcessStartInfo(Python) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"import {module}");
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}