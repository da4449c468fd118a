namespace Gateway.Routing;

/// <summary>What <see cref="OpenApiRouteExtensions.MapOpenApi"/> serves. Read when it is called.</summary>
public sealed class OpenApiOptions
{
    /// <summary>The API's title (<c>info.title</c>); "Gateway API" by default.</summary>
    public string Title { get; set; } = "Gateway API";

    /// <summary>The API's version (<c>info.version</c>); "0.1.0" by default.</summary>
    public string Version { get; set; } = "0.1.0";

    /// <summary>A description of the API (<c>info.description</c>), or <see langword="null"/>.</summary>
    public string? Description { get; set; }

    /// <summary>Where the document is served; <c>/openapi.json</c> by default.</summary>
    public string DocumentPath { get; set; } = "/openapi.json";

    /// <summary>Where the browsable page is served, or <see langword="null"/> for none; <c>/docs</c> by default.</summary>
    public string? DocsPath { get; set; } = "/docs";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Title, nameof(Title));
        ArgumentException.ThrowIfNullOrEmpty(Version, nameof(Version));
        if (!DocumentPath.StartsWith('/'))
        {
            throw new ArgumentException("The document path must start with '/'.", nameof(DocumentPath));
        }

        if (DocsPath is not null && !DocsPath.StartsWith('/'))
        {
            throw new ArgumentException("The docs path must start with '/'.", nameof(DocsPath));
        }
    }
}