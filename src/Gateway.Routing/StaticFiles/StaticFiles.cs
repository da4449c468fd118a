namespace Gateway.Routing;

/// <summary>
/// Serves the files of a directory, as Starlette's <c>StaticFiles</c>; mount it: <c>router.Mount("/static", new
/// StaticFiles("wwwroot"))</c>. Only <c>GET</c> and <c>HEAD</c> (405 otherwise); files go out through
/// <see cref="FileResponse"/> (conditional requests, ranges).
/// </summary>
/// <remarks>
/// Safe against path traversal: <see cref="Scope.Path"/> is already percent-decoded, so <c>%2e%2e</c> arrives as
/// <c>..</c>; any <c>.</c> or <c>..</c> segment, backslash, NUL or drive separator is refused, the resolved path must stay
/// under the root, and symbolic links are refused (or, with <see cref="StaticFilesOptions.FollowSymlinks"/>, resolved and
/// checked to stay under the root). Refusals look like missing files (404).
/// </remarks>
public sealed class StaticFiles
{
    private readonly string _root;
    private readonly string _rootWithSeparator;
    private readonly StaticFilesOptions _options;

    /// <summary>Creates the app.</summary>
    /// <param name="directory">The directory to serve; it must exist.</param>
    /// <param name="options">Options, or null for the defaults.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public StaticFiles(string directory, StaticFilesOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"The static files directory '{full}' does not exist.");
        }

        // Compare against the real root, so a root that is itself reached through a link still works.
        _root = Path.TrimEndingDirectorySeparator(new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
        _rootWithSeparator = _root + Path.DirectorySeparatorChar;
        _options = options ?? new StaticFilesOptions();
    }

    /// <summary>The app.</summary>
    /// <param name="files">The static files.</param>
    public static implicit operator GatewayApp(StaticFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files.Invoke;
    }

    /// <summary>The app (the named alternative to the implicit conversion).</summary>
    /// <returns><see cref="Invoke"/> as a delegate.</returns>
    public GatewayApp ToGatewayApp() => Invoke;

    /// <summary>Serves the file at <see cref="Scope.Path"/> relative to the directory.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate.</param>
    /// <param name="send">The send delegate.</param>
    /// <returns>A task that completes with the response.</returns>
    public ValueTask Invoke(Scope scope, Receive receive, Send send)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Type != ScopeType.Http)
        {
            return new ProblemResponse(new ProblemDetails(404)).Invoke(scope, receive, send);
        }

        if (scope.Method is not (HttpMethods.Get or HttpMethods.Head))
        {
            return new ProblemResponse(new ProblemDetails(405), [new Header("allow", "GET, HEAD")]).Invoke(scope, receive, send);
        }

        var file = Resolve(scope.Path);
        return file is null
            ? new ProblemResponse(new ProblemDetails(404)).Invoke(scope, receive, send)
            : new FileResponse(file, headers: _options.Headers).Invoke(scope, receive, send);
    }

    /// <summary>Maps a request path to a file under the root, or null when there is none or the path is refused.</summary>
    internal string? Resolve(string requestPath)
    {
        if (requestPath.AsSpan().IndexOfAny('\\', '\0', ':') >= 0)
        {
            return null;
        }

        var relative = requestPath.TrimStart('/');
        foreach (var segment in relative.Split('/'))
        {
            if (segment is "." or "..")
            {
                return null;
            }
        }

        var candidate = Path.GetFullPath(Path.Combine(_root, relative));
        if (!IsUnderRoot(candidate))
        {
            return null;
        }

        if (Directory.Exists(candidate))
        {
            if (!_options.ServeIndex)
            {
                return null;
            }

            candidate = Path.Combine(candidate, _options.IndexFile);
        }

        if (!File.Exists(candidate))
        {
            return null;
        }

        return CheckLinks(candidate);
    }

    // The root itself counts: the mount's own path ("/static", "/static/", or "/" for a mount at "/") is the root directory,
    // whose index file is served.
    private bool IsUnderRoot(string path) =>
        path.StartsWith(_rootWithSeparator, StringComparison.Ordinal) || string.Equals(Path.TrimEndingDirectorySeparator(path), _root, StringComparison.Ordinal);

    /// <summary>Refuses (or resolves and re-checks) every symbolic link between the root and the file.</summary>
    private string? CheckLinks(string file)
    {
        var current = file;
        while (current.Length > _root.Length)
        {
            FileSystemInfo entry = current == file ? new FileInfo(current) : new DirectoryInfo(current);
            if (entry.LinkTarget is not null)
            {
                if (!_options.FollowSymlinks)
                {
                    return null;
                }

                var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !IsUnderRoot(Path.GetFullPath(target.FullName)))
                {
                    return null;
                }
            }

            current = Path.GetDirectoryName(current) ?? string.Empty;
        }

        return file;
    }
}