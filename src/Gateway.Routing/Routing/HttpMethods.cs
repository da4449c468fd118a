namespace Gateway.Routing;

/// <summary>The standard method names as interned constants, so comparisons usually succeed on reference equality.</summary>
public static class HttpMethods
{
    /// <summary><c>GET</c>.</summary>
    public const string Get = "GET";

    /// <summary><c>HEAD</c>.</summary>
    public const string Head = "HEAD";

    /// <summary><c>POST</c>.</summary>
    public const string Post = "POST";

    /// <summary><c>PUT</c>.</summary>
    public const string Put = "PUT";

    /// <summary><c>DELETE</c>.</summary>
    public const string Delete = "DELETE";

    /// <summary><c>PATCH</c>.</summary>
    public const string Patch = "PATCH";

    /// <summary><c>OPTIONS</c>.</summary>
    public const string Options = "OPTIONS";

    /// <summary>Upper-cases a method name and returns the interned constant for a standard one.</summary>
    /// <param name="method">The method name.</param>
    /// <returns>The normalized name.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static string Normalize(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var upper = method.ToUpperInvariant();
        return upper switch
        {
            Get => Get,
            Head => Head,
            Post => Post,
            Put => Put,
            Delete => Delete,
            Patch => Patch,
            Options => Options,
            _ => string.IsInterned(upper) ?? upper,
        };
    }
}