using System.Text;

namespace Gateway.Validation.Handlers;

/// <summary>Media type tests on raw <c>content-type</c> values, parameters ignored, case-insensitive.</summary>
internal static class MediaTypes
{
    public static bool IsJson(ReadOnlySpan<byte> contentType)
    {
        var type = Essence(contentType);
        if (Ascii.EqualsIgnoreCase(type, "application/json"u8))
        {
            return true;
        }

        return type.Length > 17 && Ascii.EqualsIgnoreCase(type[..12], "application/"u8) && Ascii.EqualsIgnoreCase(type[^5..], "+json"u8);
    }

    public static bool IsForm(ReadOnlySpan<byte> contentType) =>
        Ascii.EqualsIgnoreCase(Essence(contentType), "application/x-www-form-urlencoded"u8);

    public static bool IsMultipartForm(ReadOnlySpan<byte> contentType) =>
        Ascii.EqualsIgnoreCase(Essence(contentType), "multipart/form-data"u8);

    private static ReadOnlySpan<byte> Essence(ReadOnlySpan<byte> contentType)
    {
        var semicolon = contentType.IndexOf((byte)';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim((byte)' ');
    }
}