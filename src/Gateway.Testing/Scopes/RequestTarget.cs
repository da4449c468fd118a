using System.Text;

namespace Gateway.Testing;

/// <summary>The path and query of a request URI as a server sees them: <see cref="Scope.Path"/>,
/// <see cref="Scope.RawPath"/> and <see cref="Scope.QueryString"/>.</summary>
internal readonly record struct RequestTarget(string Path, ReadOnlyMemory<byte> RawPath, ReadOnlyMemory<byte> QueryString)
{
    /// <summary>Splits <paramref name="uri"/> as a client would send it and a server would decode it.</summary>
    /// <param name="uri">An absolute URI.</param>
    /// <param name="rootPath">The normalized root path the app is mounted under.</param>
    /// <exception cref="InvalidOperationException">The path is not under <paramref name="rootPath"/>.</exception>
    public static RequestTarget From(Uri uri, string rootPath)
    {
        // The escaped forms are what HttpClient puts on the wire, so they are the raw bytes a server would see.
        var rawPath = uri.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        if (rawPath.Length == 0)
        {
            rawPath = "/";
        }

        var query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
        var path = Uri.UnescapeDataString(rawPath);
        if (rootPath.Length > 0)
        {
            var underRoot = path.StartsWith(rootPath, StringComparison.Ordinal)
                && (path.Length == rootPath.Length || path[rootPath.Length] == '/');
            if (!underRoot)
            {
                throw new InvalidOperationException(
                    $"The request path '{path}' is not under the client's RootPath '{rootPath}': request URIs carry the full path, root path included.");
            }

            path = path.Length == rootPath.Length ? "/" : path[rootPath.Length..];
        }

        return new RequestTarget(path, Encoding.ASCII.GetBytes(rawPath), Encoding.ASCII.GetBytes(query));
    }

    /// <summary>The value of the <c>host</c> header a client sends for <paramref name="uri"/>.</summary>
    public static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }
}