using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Gateway.Validation.Generators.Model
{
    /// <summary>A diagnostic to report, kept as plain values (a <see cref="Location"/> holds on to its syntax tree and
    /// would defeat the pipeline's caching).</summary>
    internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, string Argument0, string Argument1)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, string argument0, string argument1 = "")
        {
            var line = location.GetLineSpan();
            return new DiagnosticInfo(descriptor.Id, line.Path ?? string.Empty, location.SourceSpan, line.Span, argument0, argument1);
        }

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }

    /// <summary>What the analysis of one <c>Map*</c> call found: a call to intercept, or why not.</summary>
    /// <param name="Call">The call to intercept, or null.</param>
    /// <param name="Diagnostic">Why the call is not intercepted, or null.</param>
    /// <param name="Warnings">What an intercepted call cannot do at compile time (types it could not model).</param>
    internal sealed record CallAnalysis(InterceptedCall? Call, DiagnosticInfo? Diagnostic, EquatableArray<DiagnosticInfo> Warnings = default);
}
