using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Diagnostics
{
    /// <summary>
    /// Why a <c>Map*</c> call was not intercepted. Every one leaves the call on the reflection path, which works under the
    /// JIT: they are informational there, and warnings when the project publishes Native AOT (the reflection path is not
    /// AOT-safe). Each has a section in src/Gateway.Validation/README.md.
    /// </summary>
    internal static class GeneratorDiagnostics
    {
        private const string Category = "Gateway.Validation.Generators";
        private const string HelpBase = "https://github.com/gateway-dotnet/gateway/blob/main/src/Gateway.Validation/README.md#";

        public static readonly DiagnosticDescriptor HandlerNotInterceptable = new(
            "GWV001",
            "Handler is not a lambda or method group",
            "The handler passed to {0} is not a lambda or a method group, so its Map call is not intercepted and it is planned by reflection",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv001");

        public static readonly DiagnosticDescriptor ParameterNotSupported = new(
            "GWV002",
            "Handler parameter not supported by the generator",
            "The handler parameter '{0}' {1}, so the Map call is not intercepted and the handler is planned by reflection",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv002");

        public static readonly DiagnosticDescriptor AttributeNotSupported = new(
            "GWV003",
            "Handler parameter attribute not supported by the generator",
            "The attribute {0} on the handler parameter '{1}' cannot be reproduced in generated code, so the Map call is not intercepted and the handler is planned by reflection",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv003");

        public static readonly DiagnosticDescriptor TypeNotNameable = new(
            "GWV004",
            "Handler type cannot be named in generated code",
            "The handler's type {0} cannot be named from generated code ({1}), so the Map call is not intercepted and the handler is planned by reflection",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv004");

        public static readonly DiagnosticDescriptor HandlerShapeNotSupported = new(
            "GWV005",
            "Handler shape not supported by the generator",
            "The handler {0}, so the Map call is not intercepted and the handler is planned by reflection",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv005");

        public static readonly DiagnosticDescriptor TypeNotModelled = new(
            "GWV006",
            "Type cannot be modelled at compile time",
            "The generator cannot model the type {0} at compile time ({1}): a body of this type, or its OpenAPI schema, needs reflection, which trimmed and Native AOT apps do not have",
            Category,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            helpLinkUri: HelpBase + "gwv006");

        public static DiagnosticDescriptor? Find(string id) => id switch
        {
            "GWV006" => TypeNotModelled,
            "GWV001" => HandlerNotInterceptable,
            "GWV002" => ParameterNotSupported,
            "GWV003" => AttributeNotSupported,
            "GWV004" => TypeNotNameable,
            "GWV005" => HandlerShapeNotSupported,
            _ => null,
        };
    }
}
