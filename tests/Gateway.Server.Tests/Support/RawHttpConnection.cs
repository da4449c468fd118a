using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Server.Tests.Support;

/// <summary>
/// A byte-level HTTP/1.1 client over one socket: sends exactly the bytes a test gives and parses responses strictly
/// enough to assert status, headers, framing, and whether the server closed the connection.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _buffered = [];
    private bool _eof;

    private RawHttpConnection(Socket socket) => _socket = socket;

    public static async Task<RawHttpConnection> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(Timeouts.Default);
        return new RawHttpConnection(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes);

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one response (framed by content-length, chunked, or the connection closing).</summary>
    public async Task<RawResponse> ReadResponseAsync(bool headRequest = false)
    {
        var head = await ReadUntilAsync("\r\n\r\n"u8.ToArray());
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon].ToLowerInvariant(), line[(colon + 1)..].Trim()));
        }

        var response = new RawResponse(int.Parse(statusParts[1], System.Globalization.CultureInfo.InvariantCulture), lines[0], headers);
        if (response.Status is < 200 or 204 or 304 || headRequest)
        {
            return response;
        }

        if (response.Header("transfer-encoding") == "chunked")
        {
            using var body = new MemoryStream();
            while (true)
            {
                var sizeLine = Encoding.Latin1.GetString(await ReadUntilAsync("\r\n"u8.ToArray()));
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    var trailerBlock = Encoding.Latin1.GetString(await ReadUntilAsync("\r\n"u8.ToArray(), includeEmptyLine: true));
                    response.Trailers.AddRange(trailerBlock.Split("\r\n").Where(l => l.Length > 0)
                        .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())));
                    break;
                }

                body.Write(await ReadExactlyAsync(size));
                await ReadExactlyAsync(2);
            }

            response.Body = body.ToArray();
        }
        else if (response.Header("content-length") is { } length)
        {
            response.Body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            response.Body = await ReadToEndAsync();
        }

        return response;
    }

    /// <summary>Whether the server closed the connection (reads until EOF; any unexpected bytes fail the test).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        var rest = await ReadToEndAsync();
        return rest.Length == 0 && _eof;
    }

    public async Task<byte[]> ReadToEndAsync()
    {
        while (!_eof)
        {
            await FillAsync();
        }

        var all = _buffered.ToArray();
        _buffered.Clear();
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await Task.CompletedTask;
    }

    private async Task<byte[]> ReadUntilAsync(byte[] delimiter, bool includeEmptyLine = false)
    {
        while (true)
        {
            var index = IndexOf(delimiter, includeEmptyLine);
            if (index >= 0)
            {
                var result = _buffered.GetRange(0, index).ToArray();
                _buffered.RemoveRange(0, index + delimiter.Length);
                return result;
            }

            if (_eof)
            {
                throw new IOException($"The connection closed before '{Encoding.ASCII.GetString(delimiter).Replace("\r\n", "CRLF", StringComparison.Ordinal)}'; got: {Encoding.Latin1.GetString(_buffered.ToArray())}");
            }

            await FillAsync();
        }
    }

    private int IndexOf(byte[] delimiter, bool emptyLineEnds)
    {
        // For a trailer section, the end is an empty line: either right at the start or CRLF CRLF.
        if (emptyLineEnds)
        {
            if (_buffered.Count >= 2 && _buffered[0] == '\r' && _buffered[1] == '\n')
            {
                return 0;
            }

            var block = IndexOf("\r\n\r\n"u8.ToArray(), false);
            return block < 0 ? -1 : block + 2;
        }

        for (var i = 0; i + delimiter.Length <= _buffered.Count; i++)
        {
            var match = true;
            for (var j = 0; j < delimiter.Length && match; j++)
            {
                match = _buffered[i + j] == delimiter[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_buffered.Count < count)
        {
            if (_eof)
            {
                throw new IOException($"The connection closed after {_buffered.Count} of {count} body bytes.");
            }

            await FillAsync();
        }

        var result = _buffered.GetRange(0, count).ToArray();
        _buffered.RemoveRange(0, count);
        return result;
    }

    private async Task FillAsync()
    {
        var buffer = new byte[16384];
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Timeouts.Default);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0;
            Reset = true;
        }

        if (read == 0)
        {
            _eof = true;
            return;
        }

        _buffered.AddRange(buffer.AsSpan(0, read).ToArray());
    }

    /// <summary>Whether the connection ended with a reset rather than a graceful close.</summary>
    public bool Reset { get; private set; }
}

internal sealed class RawResponse(int status, string statusLine, List<KeyValuePair<string, string>> headers)
{
    public int Status { get; } = status;

    public string StatusLine { get; } = statusLine;

    public List<KeyValuePair<string, string>> Headers { get; } = headers;

    public List<KeyValuePair<string, string>> Trailers { get; } = [];

    public byte[] Body { get; set; } = [];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key == name).Value;
}