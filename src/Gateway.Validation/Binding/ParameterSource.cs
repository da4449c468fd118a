namespace Gateway.Validation;

/// <summary>Where a handler parameter's value comes from.</summary>
public enum ParameterSource
{
    /// <summary>A value the router extracted from the path.</summary>
    Path,

    /// <summary>The query string.</summary>
    Query,

    /// <summary>A request header.</summary>
    Header,

    /// <summary>A cookie.</summary>
    Cookie,

    /// <summary>The JSON request body.</summary>
    Body,

    /// <summary>A URL-encoded form body.</summary>
    Form,

    /// <summary>The request's dependency-injection services.</summary>
    Services,

    /// <summary>A value a middleware stored for this request in <see cref="Scope.State"/> (such as the authenticated
    /// user), FastAPI's dependency result.</summary>
    State,

    /// <summary>A value the framework supplies: the <see cref="Scope"/>, its <see cref="CancellationToken"/>, the
    /// <see cref="Receive"/>/<see cref="Send"/> delegates, the services, or a WebSocket connection.</summary>
    Special,
}