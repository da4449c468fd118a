using System.Buffers.Text;

namespace Gateway.Server.Protocol.Http1;

/// <summary>
/// The <c>date</c> response field (RFC 9110 §6.6.1, IMF-fixdate such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>), formatted
/// at most once per second and shared by every connection.
/// </summary>
/// <remarks>
/// <para>Thread-safe without locks: the current line lives in an immutable snapshot swapped by reference, so a reader
/// sees either the old or the new one; two threads crossing a second boundary together may both format, which is
/// harmless. A request allocates nothing; a new second allocates one small snapshot.</para>
/// <para>On the system clock, reading the wall clock costs more than the rest of a response head (about 50 ns on a VM),
/// so each snapshot also records, on the cheap monotonic tick count, when its second ends; until then the line is
/// returned without reading the clock. A custom <see cref="TimeProvider"/> (tests) is read on every call.</para>
/// </remarks>
internal sealed class Http1DateHeader
{
    // "date: " + 29 bytes of IMF-fixdate + CRLF.
    private const int LineLength = 6 + 29 + 2;

    private readonly TimeProvider _time;
    private readonly bool _isSystemClock;
    private Snapshot _current;

    public Http1DateHeader(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _isSystemClock = ReferenceEquals(_time, TimeProvider.System);
        _current = Format(_time.GetUtcNow());
    }

    /// <summary>The instance on the system clock.</summary>
    public static Http1DateHeader Shared { get; } = new();

    /// <summary>The whole field line, <c>date: Sun, 06 Nov 1994 08:49:37 GMT\r\n</c>, for the current second. The bytes
    /// are immutable and may be kept.</summary>
    public ReadOnlyMemory<byte> GetLine()
    {
        var current = _current;
        if (_isSystemClock && Environment.TickCount64 < current.ValidUntilTick)
        {
            return current.Line;
        }

        var now = _time.GetUtcNow();
        if (current.Second != now.UtcTicks / TimeSpan.TicksPerSecond || _isSystemClock)
        {
            // A new second, or the tick estimate ran out early: format again (once per second at most, in practice).
            current = Format(now);
            _current = current;
        }

        return current.Line;
    }

    /// <summary>The field value alone (IMF-fixdate) for the current second.</summary>
    public ReadOnlyMemory<byte> GetValue() => GetLine()[6..^2];

    private Snapshot Format(DateTimeOffset now)
    {
        var line = new byte[LineLength];
        "date: "u8.CopyTo(line);
        // 'R' is RFC 1123, which is IMF-fixdate for a UTC time.
        Utf8Formatter.TryFormat(now.UtcDateTime, line.AsSpan(6), out _, new System.Buffers.StandardFormat('R'));
        line[^2] = Http1Bytes.CR;
        line[^1] = Http1Bytes.LF;
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        // Rounded up, so the line may lag a new second by a millisecond or two (the tick count's resolution) but is
        // never formatted twice within one second.
        var untilNextSecond = ((TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond)) / TimeSpan.TicksPerMillisecond) + 1;
        var validUntil = _isSystemClock ? Environment.TickCount64 + untilNextSecond : long.MinValue;
        return new Snapshot(second, line, validUntil);
    }

    private sealed record Snapshot(long Second, byte[] Line, long ValidUntilTick);
}