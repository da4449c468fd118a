namespace Gateway.Routing;

/// <summary>One part of a <c>multipart/form-data</c> body.</summary>
public sealed class MultipartSection
{
    internal MultipartSection(IReadOnlyDictionary<string, string> headers, string name, string? fileName, string? contentType, ReadOnlyMemory<byte> body)
    {
        Headers = headers;
        Name = name;
        FileName = fileName;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The part's headers, names lower case (the last of duplicates wins).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The field name from <c>content-disposition</c>.</summary>
    public string Name { get; }

    /// <summary>The file name from <c>content-disposition</c> (<c>filename*</c> preferred), or null for a plain field.</summary>
    public string? FileName { get; }

    /// <summary>The part's <c>content-type</c>, or null.</summary>
    public string? ContentType { get; }

    /// <summary>The part's content, bounded by the reader's limits.</summary>
    public ReadOnlyMemory<byte> Body { get; }
}