namespace Gateway.Validation.Handlers;

/// <summary>What reading the request body led to.</summary>
internal enum BodyOutcome
{
    /// <summary>Read (or absent); binding goes on. A malformed JSON body was recorded as an error.</summary>
    Read,

    /// <summary>Larger than the limit: answer 413.</summary>
    TooLarge,

    /// <summary>A content type the handler does not read: answer 415.</summary>
    UnsupportedMediaType,

    /// <summary>A multipart form that cannot be read (no boundary, malformed, a part over its limit): answer with
    /// <see cref="RequestContext.BodyProblem"/>.</summary>
    Malformed,
}