namespace Gateway.Routing;

/// <summary>Reads a scope's query string.</summary>
public static class RequestQuery
{
    /// <summary>Parses <see cref="Scope.QueryString"/> into a multi-value map (see <see cref="UrlEncoding.ParseForm"/>).</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="maxPairs">The most pairs accepted.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="HttpException">413 when there are too many pairs.</exception>
    public static MultiValueMap Parse(Scope scope, int maxPairs = 1000)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return UrlEncoding.ParseForm(scope.QueryString.Span, maxPairs);
    }
}