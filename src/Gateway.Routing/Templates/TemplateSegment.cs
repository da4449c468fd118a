namespace Gateway.Routing;

/// <summary>One <c>/</c>-separated piece of a parsed template: a literal, or a parameter.</summary>
/// <param name="Literal">The literal text (decoded form), or <see langword="null"/> for a parameter.</param>
/// <param name="Parameter">The parameter, or <see langword="null"/> for a literal.</param>
internal readonly record struct TemplateSegment(string? Literal, RouteParameter? Parameter)
{
    public bool IsLiteral => Literal is not null;
}