using System.Text;

namespace Gateway;

/// <summary>Close codes of RFC 6455 section 7.4 and the rules for which may be sent.</summary>
internal static class WebSocketCloseCodes
{
    public const int MaxReasonBytes = 123;

    /// <summary>Whether an endpoint may put <paramref name="code"/> in a close frame: 1000-1003, 1007-1014 and 3000-4999.
    /// 1004 is reserved, and 1005, 1006 and 1015 only describe what happened locally.</summary>
    public static bool IsSendable(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    public static string CheckReason(string? reason, string paramName)
    {
        reason ??= string.Empty;
        if (Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
        {
            throw new ArgumentException($"A close reason is at most {MaxReasonBytes} bytes of UTF-8 (the control frame limit).", paramName);
        }

        return reason;
    }
}