namespace Gateway.Routing;

/// <summary>Reads <c>application/x-www-form-urlencoded</c> and <c>multipart/form-data</c> bodies.</summary>
public static class RequestForm
{
    /// <summary>Reads the form the request carries, choosing the parser by <c>content-type</c>.</summary>
    /// <param name="scope">The HTTP scope.</param>
    /// <param name="receive">The receive delegate; the body is consumed.</param>
    /// <param name="options">Limits, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The form.</returns>
    /// <exception cref="HttpException">415 for another content type; 400 for a multipart body without a boundary or
    /// malformed; 413 over a limit.</exception>
    public static async ValueTask<FormData> ReadAsync(Scope scope, Receive receive, FormOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(receive);
        options ??= FormOptions.Default;
        switch (RequestBody.GetMediaType(scope))
        {
            case "application/x-www-form-urlencoded":
                var body = await RequestBody.ReadAsync(scope, receive, options.MaxBodySize, cancellationToken).ConfigureAwait(false);
                return new FormData(UrlEncoding.ParseForm(body.Span, options.MaxFields), []);
            case "multipart/form-data":
                var boundary = MultipartReader.GetBoundary(scope.Headers.GetValue("content-type")!);
                RequestBody.ThrowIfDeclaredTooLarge(scope, options.MaxBodySize);
                var reader = new MultipartReader(boundary, RequestBodyReader.Create(scope, receive), options);
                var fields = new List<KeyValuePair<string, string>>();
                var files = new List<FormFile>();
                while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
                {
                    if (section.FileName is { } fileName)
                    {
                        files.Add(new FormFile(section.Name, fileName, section.ContentType ?? "application/octet-stream", section.Body));
                    }
                    else
                    {
                        fields.Add(new(section.Name, System.Text.Encoding.UTF8.GetString(section.Body.Span)));
                    }
                }

                return new FormData(MultiValueMap.FromList(fields), files);
            default:
                throw new HttpException(415, "Expected a form body: application/x-www-form-urlencoded or multipart/form-data.");
        }
    }
}