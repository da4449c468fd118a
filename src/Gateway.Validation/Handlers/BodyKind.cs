namespace Gateway.Validation.Handlers;

/// <summary>Which body, if any, a handler reads.</summary>
internal enum BodyKind
{
    /// <summary>The handler reads no body.</summary>
    None,

    /// <summary>JSON (<c>application/json</c> or <c>application/*+json</c>).</summary>
    Json,

    /// <summary>A URL-encoded form.</summary>
    Form,
}