namespace Gateway.Routing;

/// <summary>What <see cref="RouteTree.Match"/> found: a route (with the captured segments in the caller's span), or a
/// node whose routes fit the path but not the method, or nothing.</summary>
internal struct TreeMatch
{
    /// <summary>The fully matching route, or null.</summary>
    public RouteBase? Route;

    /// <summary>For a prefix route, the child scope its <see cref="RouteBase.Match"/> produced.</summary>
    public Scope? Child;

    /// <summary>How many entries of the capture span belong to <see cref="Route"/>.</summary>
    public int CaptureCount;

    /// <summary>The first node whose routes fit the path but not the method (the 405 case), or null.</summary>
    public RouteNode? PartialNode;
}