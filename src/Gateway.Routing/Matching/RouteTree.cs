namespace Gateway.Routing;

/// <summary>
/// The precompiled matcher of a <see cref="Router"/>: routes inserted segment by segment into a tree. Matching walks it
/// depth first, trying at each node the literal child (a dictionary lookup on the segment span), then parameter children
/// (typed before <c>str</c>), then the catch-all, then prefix routes, so the most specific route wins whatever the
/// registration order. A walk allocates nothing; captured segments are ranges into the path.
/// </summary>
internal sealed class RouteTree
{
    private readonly RouteNode _root = new(null);

    public RouteTree(IEnumerable<RouteBase> routes)
    {
        foreach (var route in routes)
        {
            var node = _root;
            foreach (var segment in route.Template.Segments)
            {
                node = segment.Literal is { } literal ? node.AddLiteral(literal) : node.AddParameter(segment.Parameter!);
            }

            if (route.IsPrefix)
            {
                node.AddPrefix(route);
            }
            else
            {
                node.AddEndpoint(route);
            }

            MaxCaptures = Math.Max(MaxCaptures, route.Template.Parameters.Count);
        }

        _root.Freeze();
    }

    /// <summary>The most segments one match can capture: the size of the span <see cref="Match"/> needs.</summary>
    public int MaxCaptures { get; }

    /// <summary>Finds the route for <paramref name="scope"/> (its type and method) at <paramref name="path"/>.</summary>
    /// <param name="scope">The scope being routed.</param>
    /// <param name="path">The path to match (the scope's path, or a variant of it).</param>
    /// <param name="captures">At least <see cref="MaxCaptures"/> entries; receives the parameter segments in order.</param>
    /// <returns>What was found.</returns>
    public TreeMatch Match(Scope scope, string path, Span<Range> captures)
    {
        var result = default(TreeMatch);
        if (path.Length == 0 || path[0] != '/')
        {
            return result;
        }

        Visit(_root, scope, path, 1, captures, 0, ref result);
        return result;
    }

    private static bool Visit(RouteNode node, Scope scope, string path, int position, Span<Range> captures, int captureCount, ref TreeMatch result)
    {
        if (position > path.Length)
        {
            if (TryEndpoints(node, scope, captureCount, ref result))
            {
                return true;
            }

            if (node.CatchAll is { } emptyRest && emptyRest.Parameter!.Convertor.IsMatch([]))
            {
                captures[captureCount] = new Range(path.Length, path.Length);
                if (TryEndpoints(emptyRest, scope, captureCount + 1, ref result))
                {
                    return true;
                }
            }

            return TryPrefixes(node, scope, ref result);
        }

        var end = path.IndexOf('/', position);
        if (end < 0)
        {
            end = path.Length;
        }

        var segment = path.AsSpan(position, end - position);
        if (node.HasLiterals && node.TryGetLiteral(segment, out var literal)
            && Visit(literal!, scope, path, end + 1, captures, captureCount, ref result))
        {
            return true;
        }

        foreach (var child in node.Parameters)
        {
            if (child.Parameter!.Convertor.IsMatch(segment))
            {
                captures[captureCount] = new Range(position, end);
                if (Visit(child, scope, path, end + 1, captures, captureCount + 1, ref result))
                {
                    return true;
                }
            }
        }

        if (node.CatchAll is { } rest && rest.Parameter!.Convertor.IsMatch(path.AsSpan(position)))
        {
            captures[captureCount] = new Range(position, path.Length);
            if (TryEndpoints(rest, scope, captureCount + 1, ref result))
            {
                return true;
            }
        }

        return TryPrefixes(node, scope, ref result);
    }

    private static bool TryEndpoints(RouteNode node, Scope scope, int captureCount, ref TreeMatch result)
    {
        foreach (var route in node.Endpoints)
        {
            switch (route.MatchMethod(scope))
            {
                case RouteMatch.Full:
                    result.Route = route;
                    result.CaptureCount = captureCount;
                    return true;
                case RouteMatch.Partial:
                    result.PartialNode ??= node;
                    break;
            }
        }

        return false;
    }

    private static bool TryPrefixes(RouteNode node, Scope scope, ref TreeMatch result)
    {
        foreach (var route in node.Prefixes)
        {
            if (route.Match(scope, out var child) == RouteMatch.Full)
            {
                result.Route = route;
                result.Child = child;
                return true;
            }
        }

        return false;
    }
}