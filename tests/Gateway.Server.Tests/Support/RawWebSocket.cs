using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Server.Tests.Support;

/// <summary>
/// A deliberately minimal WebSocket client over a raw socket, written independently of the server's protocol code, that
/// can send frames no well-behaved client would (unmasked, reserved bits, oversized control frames...) and reads the
/// server's frames byte for byte.
/// </summary>
internal sealed class RawWebSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawWebSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>The server's response head (status line and headers) to the handshake.</summary>
    public string ResponseHead { get; private set; } = string.Empty;

    public int Status => int.Parse(ResponseHead.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Connects and sends a handshake; <paramref name="extraHeaders"/> lines end with CRLF.</summary>
    public static async Task<RawWebSocket> ConnectAsync(EndPoint endPoint, string path = "/", string extraHeaders = "", string? request = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint);
        var client = new RawWebSocket(socket);
        request ??= $"GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n{extraHeaders}\r\n";
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        client.ResponseHead = await client.ReadHeadAsync();
        return client;
    }

    public string? Header(string name)
    {
        foreach (var line in ResponseHead.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>Sends one frame. <paramref name="firstByte"/> carries FIN, RSV and the opcode as they go on the wire.</summary>
    public async Task SendFrameAsync(byte firstByte, byte[] payload, bool mask = true)
    {
        var header = new byte[14];
        header[0] = firstByte;
        var length = payload.Length;
        int offset;
        if (length < 126)
        {
            header[1] = (byte)length;
            offset = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
            offset = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(2), (ulong)length);
            offset = 10;
        }

        var body = (byte[])payload.Clone();
        if (mask)
        {
            header[1] |= 0x80;
            var key = RandomNumberGenerator.GetBytes(4);
            key.CopyTo(header, offset);
            offset += 4;
            for (var i = 0; i < body.Length; i++)
            {
                body[i] ^= key[i % 4];
            }
        }

        await _stream.WriteAsync(header.AsMemory(0, offset));
        await _stream.WriteAsync(body);
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task SendTextAsync(string text) => SendFrameAsync(0x81, Encoding.UTF8.GetBytes(text));

    public Task SendCloseAsync(int code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return SendFrameAsync(0x88, payload);
    }

    /// <summary>Reads the next frame the server sent, or <see langword="null"/> when the server closed the connection.</summary>
    public async Task<RawFrame?> ReadFrameAsync()
    {
        var header = new byte[2];
        if (!await ReadExactlyAsync(header))
        {
            return null;
        }

        Assert.True((header[1] & 0x80) == 0, "A server must not mask its frames.");
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            Assert.True(await ReadExactlyAsync(extended));
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            var extended = new byte[8];
            Assert.True(await ReadExactlyAsync(extended));
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var payload = new byte[length];
        Assert.True(await ReadExactlyAsync(payload));
        return new RawFrame(header[0], payload);
    }

    /// <summary>Reads frames until a close frame (skipping pings), and returns its code (1005 when empty).</summary>
    public async Task<(int Code, string Reason)> ReadCloseAsync()
    {
        while (true)
        {
            var frame = await ReadFrameAsync().WaitAsync(Timeouts.Default) ?? throw new InvalidOperationException("The server closed the connection without a close frame.");
            if (frame.Opcode == 0x8)
            {
                return frame.Payload.Length == 0
                    ? (1005, string.Empty)
                    : (BinaryPrimitives.ReadUInt16BigEndian(frame.Payload), Encoding.UTF8.GetString(frame.Payload, 2, frame.Payload.Length - 2));
            }
        }
    }

    /// <summary>Whether the server closed (or reset) the connection: reads until the end, discarding anything.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer).AsTask().WaitAsync(Timeouts.Default) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async Task<byte[]> ReadBodyAsync()
    {
        var length = int.Parse(Header("content-length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        Assert.True(await ReadExactlyAsync(body));
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeouts.Default);
            return true;
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (!await ReadExactlyAsync(one))
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}

internal sealed record RawFrame(byte FirstByte, byte[] Payload)
{
    public int Opcode => FirstByte & 0x0F;

    public bool Fin => (FirstByte & 0x80) != 0;
}