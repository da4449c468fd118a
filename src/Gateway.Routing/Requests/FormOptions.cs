namespace Gateway.Routing;

/// <summary>Limits for reading form bodies. Exceeding one ends the request with 413 (through <see cref="HttpException"/>).</summary>
public sealed class FormOptions
{
    /// <summary>The largest whole body, urlencoded or multipart. Default 16 MiB.</summary>
    public long MaxBodySize { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most fields (urlencoded pairs or multipart parts). Default 1000.</summary>
    public int MaxFields { get; init; } = 1000;

    /// <summary>The largest value of a multipart part without a file name. Default 1 MiB.</summary>
    public int MaxFieldSize { get; init; } = 1024 * 1024;

    /// <summary>The largest multipart file part. Default 8 MiB.</summary>
    public int MaxFileSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>The largest header block of one multipart part. Default 16 KiB.</summary>
    public int MaxPartHeaderSize { get; init; } = 16 * 1024;

    internal static FormOptions Default { get; } = new();
}