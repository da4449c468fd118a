namespace Gateway.Samples.Chat.Tests.Support;

/// <summary>
/// A fact that needs an external program (a "peer"). Where the peer is missing the test is skipped with the install
/// hint — decided at discovery, in the constructor — except on CI (<c>CI=true</c>), where a missing peer must fail
/// the run instead of hiding the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(string peer)
    {
        Peer = peer;
        var missing = Peers.MissingReason(peer);
        if (missing is not null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = missing;
        }
    }

    public string Peer { get; }
}