using Gateway.Samples.Chat.Tests.Support;

namespace Gateway.Samples.Chat.Tests.Realtime;

/// <summary>The <c>/ws</c> protocol on the default store, SQLite.</summary>
public sealed class ChatSocketProtocolTests : ChatSocketProtocolContract
{
    internal override Task<ChatHost> StartHostAsync() => ChatHost.StartAsync();
}