namespace Gateway.Tests.Peers;

/// <summary>A <see cref="FactAttribute"/> for a test that drives external peers: it runs when every peer is present,
/// is skipped with the install command as the reason when one is missing, and is never skipped when <c>CI=true</c>.</summary>
/// <remarks>xunit 2 decides skipping at discovery, so the decision is made here, in the constructor.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(params Peer[] peers)
    {
        Peers = peers;
        Skip = PeerCatalog.SkipReason(peers, PeerCatalog.IsCi, PeerCatalog.IsPresent)!;
    }

    /// <summary>The peers the test drives.</summary>
    public IReadOnlyList<Peer> Peers { get; }
}