namespace Gateway.Routing;

/// <summary>
/// One node of a <see cref="RouteTree"/>: the routes whose template ends here, the prefix routes (mounts, hosts) that
/// start here, and children keyed by the next segment: literals first, then parameters, then a catch-all.
/// </summary>
internal sealed class RouteNode
{
    private Dictionary<string, RouteNode>? _literals;
    private Dictionary<string, RouteNode>.AlternateLookup<ReadOnlySpan<char>> _literalLookup;
    private List<RouteNode>? _parameterList;
    private List<RouteBase>? _endpointList;
    private List<RouteBase>? _prefixList;

    public RouteNode(RouteParameter? parameter) => Parameter = parameter;

    public RouteParameter? Parameter { get; }

    public bool HasLiterals { get; private set; }

    public RouteNode[] Parameters { get; private set; } = [];

    public RouteNode? CatchAll { get; private set; }

    public RouteBase[] Endpoints { get; private set; } = [];

    public RouteBase[] Prefixes { get; private set; } = [];

    public bool TryGetLiteral(ReadOnlySpan<char> segment, out RouteNode? child) =>
        _literalLookup.TryGetValue(segment, out child);

    public RouteNode AddLiteral(string literal)
    {
        if (_literals is null)
        {
            _literals = new Dictionary<string, RouteNode>(StringComparer.Ordinal);
            _literalLookup = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        if (!_literals.TryGetValue(literal, out var child))
        {
            child = new RouteNode(null);
            _literals.Add(literal, child);
            HasLiterals = true;
        }

        return child;
    }

    public RouteNode AddParameter(RouteParameter parameter)
    {
        if (parameter.IsCatchAll)
        {
            if (CatchAll is null)
            {
                CatchAll = new RouteNode(parameter);
            }
            else if (!ReferenceEquals(CatchAll.Parameter!.Convertor, parameter.Convertor))
            {
                throw new InvalidOperationException($"Two catch-all parameters with different convertors ('{CatchAll.Parameter.ConvertorName}', '{parameter.ConvertorName}') start at the same place.");
            }

            return CatchAll;
        }

        _parameterList ??= [];
        foreach (var existing in _parameterList)
        {
            if (ReferenceEquals(existing.Parameter!.Convertor, parameter.Convertor))
            {
                // Same convertor at the same place: one node, whatever the names (values are named per route).
                return existing;
            }
        }

        var child = new RouteNode(parameter);
        _parameterList.Add(child);
        return child;
    }

    public void AddEndpoint(RouteBase route) => (_endpointList ??= []).Add(route);

    public void AddPrefix(RouteBase route) => (_prefixList ??= []).Add(route);

    /// <summary>Turns the lists into arrays for matching: typed parameters before <c>str</c>, in registration order.</summary>
    public void Freeze()
    {
        if (_parameterList is not null)
        {
            var typed = new List<RouteNode>();
            var untyped = new List<RouteNode>();
            foreach (var child in _parameterList)
            {
                (ReferenceEquals(child.Parameter!.Convertor, BuiltInConvertors.String) ? untyped : typed).Add(child);
            }

            Parameters = [.. typed, .. untyped];
        }

        Endpoints = _endpointList is null ? [] : [.. _endpointList];
        Prefixes = _prefixList is null ? [] : [.. _prefixList];
        if (_literals is not null)
        {
            foreach (var child in _literals.Values)
            {
                child.Freeze();
            }
        }

        foreach (var child in Parameters)
        {
            child.Freeze();
        }

        CatchAll?.Freeze();
    }
}