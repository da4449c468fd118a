using System.Globalization;

namespace Gateway.Routing;

/// <summary>What <see cref="CorsMiddleware"/> allows, as Starlette's <c>CORSMiddleware</c> arguments.</summary>
public sealed class CorsOptions
{
    /// <summary>Allowed origins such as <c>https://example.com</c>, or <c>*</c> for any. Default: none.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Allowed methods, or <c>*</c> for any. Default: <c>GET</c>.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = ["GET"];

    /// <summary>Allowed request headers, or <c>*</c> for any. The CORS-safelisted headers are always allowed.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>Response headers the browser may expose to scripts.</summary>
    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    /// <summary>Whether cookies and authorization may be sent. Cannot be combined with a wildcard origin.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>How long browsers may cache a preflight answer. Default 10 minutes.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(10);

    internal bool AnyOrigin => AllowedOrigins.Contains("*");

    internal bool AnyMethod => AllowedMethods.Contains("*");

    internal bool AnyHeader => AllowedHeaders.Contains("*");

    internal string MaxAgeSeconds => ((long)MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks the options: a wildcard origin with credentials is refused, because browsers reject it and
    /// reflecting any origin with credentials would let every site act as the user.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AllowedOrigins);
        ArgumentNullException.ThrowIfNull(AllowedMethods);
        ArgumentNullException.ThrowIfNull(AllowedHeaders);
        ArgumentNullException.ThrowIfNull(ExposedHeaders);
        if (AllowCredentials && AnyOrigin)
        {
            throw new ArgumentException("CORS: AllowCredentials cannot be combined with the '*' origin; list the allowed origins.");
        }

        if (MaxAge < TimeSpan.Zero)
        {
            throw new ArgumentException("CORS: MaxAge cannot be negative.");
        }
    }
}