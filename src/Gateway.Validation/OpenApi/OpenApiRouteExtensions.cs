using System.Text;
using System.Text.Json;

using Gateway.Routing;
using Gateway.Validation.OpenApi;

namespace Gateway.Routing;

/// <summary>Serves a router's OpenAPI 3.1 document and a self-contained page that renders it (no CDN, no internet).</summary>
public static class OpenApiRouteExtensions
{
    private static readonly Headers JsonHeaders = Headers.Create([new Header("content-type", "application/json")]);
    private static readonly Headers HtmlHeaders = Headers.Create([new Header("content-type", "text/html; charset=utf-8")]);

    /// <summary>
    /// Adds <c>GET /openapi.json</c> (the document, generated from every route of <paramref name="router"/> on first
    /// request and cached; routes added later than that are not listed) and <c>GET /docs</c> (a page rendering it, its
    /// script and styles served by the app). Neither route appears in the document.
    /// </summary>
    /// <remarks>Trim- and Native AOT-safe: schemas come from the JSON models the handlers' generated code built (body
    /// and return types) or declared. A type nobody described (a handler mapped without the source generator, a
    /// <c>Produces&lt;T&gt;</c> type no handler uses) is described by reflection when the app may reflect; in a trimmed
    /// or Native AOT app generating the document then throws <see cref="InvalidOperationException"/> naming it.</remarks>
    /// <param name="router">The router whose routes are described; the two routes are added to it.</param>
    /// <param name="options">Titles and paths, or <see langword="null"/> for the defaults.</param>
    /// <returns>The router.</returns>
    public static Router MapOpenApi(this Router router, OpenApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        options ??= new OpenApiOptions();
        options.Validate();
        var documentPath = options.DocumentPath;
        var document = new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(router.GenerateOpenApiDocument(options)), LazyThreadSafetyMode.ExecutionAndPublication);
        router.MapGet(documentPath, (GatewayApp)((scope, receive, send) => SendAsync(send, JsonHeaders, document.Value))).WithMetadata(OpenApiExcluded.Instance);
        if (options.DocsPath is { } docsPath)
        {
            router.MapGet(docsPath, (GatewayApp)((scope, receive, send) => SendAsync(send, HtmlHeaders, DocsPage.Render(scope.RootPath + documentPath)))).WithMetadata(OpenApiExcluded.Instance);
        }

        return router;
    }

    /// <summary>Generates the OpenAPI 3.1 document for the routes <paramref name="router"/> has now.</summary>
    /// <param name="router">The router.</param>
    /// <param name="options">Titles, or <see langword="null"/> for the defaults.</param>
    /// <returns>The document as indented JSON.</returns>
    /// <exception cref="InvalidOperationException">A trimmed or Native AOT app has a type no generated code described
    /// (see <see cref="MapOpenApi"/>).</exception>
    public static string GenerateOpenApiDocument(this Router router, OpenApiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        options ??= new OpenApiOptions();
        options.Validate();
        return OpenApiDocumentGenerator.Generate(router.GetRoutes(), options).ToJsonString(DocumentJson);
    }

    // Readable output: media types keep their '+', names their non-ASCII letters (the document is served as JSON).
    private static readonly JsonSerializerOptions DocumentJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async ValueTask SendAsync(Send send, Headers headers, byte[] body)
    {
        await send(new HttpResponseStart(200, headers)).ConfigureAwait(false);
        await send(new HttpResponseBody(body)).ConfigureAwait(false);
    }
}