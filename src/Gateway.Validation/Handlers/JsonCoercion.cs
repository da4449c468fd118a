namespace Gateway.Routing;

/// <summary>How JSON body values are converted to the declared .NET types.</summary>
public enum JsonCoercion
{
    /// <summary>System.Text.Json's semantics: a number must be a JSON number, a boolean a JSON boolean (Pydantic's
    /// strict mode).</summary>
    Strict,

    /// <summary>Pydantic's lax mode: numbers and booleans may also arrive as strings (<c>"25"</c>, <c>"true"</c>), and
    /// booleans as <c>0</c>/<c>1</c>.</summary>
    Lax,
}