namespace Gateway.Conformance;

/// <summary>A server that implements the Gateway contract, running one app for a conformance test: Gateway.Server,
/// the in-process TestClient, or the ASP.NET Core adapter.</summary>
public interface IContractHost : IAsyncDisposable
{
    /// <summary>A client whose base address reaches the app.</summary>
    HttpClient Client { get; }
}