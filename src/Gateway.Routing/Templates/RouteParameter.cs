namespace Gateway.Routing;

/// <summary>One parameter of a route template: <c>{id:int}</c> is named <c>id</c> and converted by <c>int</c>.</summary>
/// <param name="Name">The parameter name, the key in <see cref="Scope.PathParameters"/>.</param>
/// <param name="Convertor">The convertor that parses and formats its segment.</param>
/// <param name="IsCatchAll">Whether it takes the rest of the path (<c>{*path}</c>).</param>
public sealed record RouteParameter(string Name, RouteConvertor Convertor, bool IsCatchAll)
{
    /// <summary>The convertor's name, such as <c>int</c>.</summary>
    public string ConvertorName => Convertor.Name;

    /// <summary>The CLR type of the value in <see cref="Scope.PathParameters"/>, such as <see cref="int"/>.</summary>
    public Type ValueType => Convertor.ValueType;
}