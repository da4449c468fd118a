using Gateway.Routing;

namespace Gateway.Samples.Chat.Api;

/// <summary>
/// The chat's web app: the static files of <c>wwwroot</c> (copied next to the binary, so the app is found whatever the
/// working directory) mounted at <c>/</c> behind the router's compression, with a strict Content-Security-Policy.
/// </summary>
internal static class WebApp
{
    /// <summary>Only the chat's own origin: scripts are modules from files (no inline script, no <c>eval</c>), styles
    /// from files, the WebSocket and the API on this origin; no plugins, no framing, no <c>&lt;base&gt;</c> rewriting.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where the files are: <c>wwwroot</c> beside the assembly.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>Headers on every file. <c>no-cache</c> means "revalidate first": the ETag makes that a 304, and a new
    /// build is picked up at once, which plain module imports without hashed names need.</summary>
    public static IReadOnlyList<Header> Headers { get; } =
    [
        new("content-security-policy", ContentSecurityPolicy),
        new("x-content-type-options", "nosniff"),
        new("referrer-policy", "no-referrer"),
        new("cache-control", "no-cache"),
    ];

    /// <summary>Mounts the files at <c>/</c>; call last, so the API, <c>/ws</c> and the other routes match first.</summary>
    public static void Map(Router router)
    {
        ArgumentNullException.ThrowIfNull(router);
        router.Mount("/", new StaticFiles(Directory, new StaticFilesOptions { Headers = Headers }))
            .Use(CompressionMiddleware.Create());
    }
}