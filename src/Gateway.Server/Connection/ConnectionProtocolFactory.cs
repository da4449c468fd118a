using Gateway.Server.Transport;

namespace Gateway.Server.Connection;

/// <summary>Creates the protocol that serves a connection once its transport is ready.</summary>
internal delegate IConnectionProtocol ConnectionProtocolFactory(long connectionId, TransportConnection transport, ServiceContext context);