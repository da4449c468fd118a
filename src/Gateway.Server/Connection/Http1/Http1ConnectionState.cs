namespace Gateway.Server.Connection.Http1;

// The state of one HTTP/1.1 connection, in one place (h11 keeps its state machine the same way). The coarse position is
// ConnectionPhase (Idle → ReadingHead → AppRunning → Finishing, see Http1Connection.Heads.cs, which the heartbeat reads);
// the facts below are flags in one int, read and written from the connection loop, the app's receive and send, the
// heartbeat and a stopping server, so every change is one atomic operation.
//
//   flag                set when                                            cleared             read by (effect)
//   ------------------  --------------------------------------------------  ------------------  ----------------------------------------------
//   CloseRequested      the server is stopping (RequestClose)               never               loop: no next request; head: close when idle
//   OutputBroken        a write or flush to the client failed, or a         never               send: ClientDisconnected; no 500 or 100 after
//                       response was cut short (AbortResponse)
//   HeadWritten         a response head (or 101, 503, rejection) is out     next head read      send: body vs head; 100-continue not needed
//   ResponseComplete    the app's response (or the server's answer) ended   next request        receive: disconnect; finish: keep-alive
//   ServerAnswered      the server answered for the app (408, 413, 400, 500) next request       receive/send: the app's exchange is over
//   RequestRecorded     the request's metrics and access log were written   next request        (once per request)
//   CloseAfterResponse  a WebSocket refusal must close after its response   next request        head writer: connection: close
//   BodyComplete        the request body is fully read (or there is none)   next request        receive: final chunk; keep-alive drain
//   BodyDelivered       the app got the body's last chunk                   next request        receive: then wait for disconnect
//   ContinueSent        100 Continue was sent or is no longer needed        next request        receive: send it at most once
//   ClientGone          the client closed mid-body                          never (conn. ends)  receive: disconnect
//   RequestFinished     the app returned (HTTP) or the WebSocket ended      next request        receive/send: disconnect; no more messages
//   PendingRead         a body chunk handed to the app still pins the pipe  next receive        receive: AdvanceTo before reading on
//   ConnectDelivered    the app received websocket.connect                  never (last req.)   websocket receive: deliver it once
//
// Per-request flags are cleared together when the next request starts (StartRequest, StartResponse); HeadWritten is
// also cleared before each head is read, so a rejection of that head can still answer. A WebSocket upgrade is always a
// connection's last request.

/// <summary>The flags of one connection as one atomically updated int. A mutable struct: keep it in a field and call it
/// there, never copy it.</summary>
internal struct Http1ConnectionState
{
    private int _flags;

    /// <summary>Whether every flag in <paramref name="flags"/> is set.</summary>
    public bool Has(Http1ConnectionFlags flags) => ((Http1ConnectionFlags)Volatile.Read(ref _flags) & flags) == flags;

    /// <summary>Whether any flag in <paramref name="flags"/> is set.</summary>
    public bool HasAny(Http1ConnectionFlags flags) => ((Http1ConnectionFlags)Volatile.Read(ref _flags) & flags) != 0;

    /// <summary>Sets <paramref name="flags"/>, atomically.</summary>
    public void Set(Http1ConnectionFlags flags) => Interlocked.Or(ref _flags, (int)flags);

    /// <summary>Clears <paramref name="flags"/>, atomically.</summary>
    public void Clear(Http1ConnectionFlags flags) => Interlocked.And(ref _flags, ~(int)flags);

    /// <summary>Sets or clears <paramref name="flags"/>.</summary>
    public void Assign(Http1ConnectionFlags flags, bool value)
    {
        if (value)
        {
            Set(flags);
        }
        else
        {
            Clear(flags);
        }
    }
}