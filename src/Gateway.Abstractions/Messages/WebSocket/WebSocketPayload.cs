using System.Text;

namespace Gateway;

/// <summary>
/// The payload of a WebSocket data message: text or bytes. Text made from a string is encoded to UTF-8 on first use of
/// the bytes, and text made from UTF-8 bytes is decoded on first use of the string; each conversion happens once, so a
/// message broadcast to many connections is encoded once.
/// </summary>
internal sealed class WebSocketPayload
{
    private string? _text;
    private ReadOnlyMemory<byte>? _data;

    private WebSocketPayload(bool isText, string? text, ReadOnlyMemory<byte>? data)
    {
        IsText = isText;
        _text = text;
        _data = data;
    }

    public bool IsText { get; }

    // A benign race: two threads may both convert, producing equal values; either result is correct.
    public string? Text => IsText ? _text ??= Encoding.UTF8.GetString(_data!.Value.Span) : null;

    public ReadOnlyMemory<byte> Data => _data ??= Encoding.UTF8.GetBytes(_text!);

    public static WebSocketPayload FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new WebSocketPayload(isText: true, text, data: null);
    }

    public static WebSocketPayload FromUtf8Text(ReadOnlyMemory<byte> utf8) => new(isText: true, text: null, utf8);

    public static WebSocketPayload FromBytes(ReadOnlyMemory<byte> bytes) => new(isText: false, text: null, bytes);
}