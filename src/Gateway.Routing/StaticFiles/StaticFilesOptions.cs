namespace Gateway.Routing;

/// <summary>How <see cref="StaticFiles"/> serves a directory.</summary>
public sealed class StaticFilesOptions
{
    /// <summary>Whether a directory request serves its <see cref="IndexFile"/> (Starlette's <c>html=True</c>). Default true.</summary>
    public bool ServeIndex { get; init; } = true;

    /// <summary>The index file name. Default <c>index.html</c>.</summary>
    public string IndexFile { get; init; } = "index.html";

    /// <summary>Whether symbolic links are followed when their target stays inside the root. Default false: any link on
    /// the way is a 404. A link whose target leaves the root is refused either way.</summary>
    public bool FollowSymlinks { get; init; }

    /// <summary>Extra headers for every file (such as <c>cache-control</c>), or null.</summary>
    public IReadOnlyList<Header>? Headers { get; init; }
}