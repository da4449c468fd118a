namespace Gateway.Tests.Peers;

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="PeerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PeerTheoryAttribute : TheoryAttribute
{
    public PeerTheoryAttribute(params Peer[] peers)
    {
        Peers = peers;
        Skip = PeerCatalog.SkipReason(peers, PeerCatalog.IsCi, PeerCatalog.IsPresent)!;
    }

    /// <summary>The peers the test drives.</summary>
    public IReadOnlyList<Peer> Peers { get; }
}