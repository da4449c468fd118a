using System.Globalization;

namespace Gateway.Routing;

/// <summary>Parses a <c>Range: bytes=...</c> header for one representation (RFC 9110 section 14.1).</summary>
internal static class ByteRange
{
    public enum Result
    {
        /// <summary>Malformed, not bytes, or several ranges: serve the whole representation.</summary>
        Ignore,
        Satisfiable,
        Unsatisfiable,
    }

    public static Result Parse(string header, long length, out long offset, out long count)
    {
        offset = 0;
        count = length;
        const string Unit = "bytes=";
        if (!header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase))
        {
            return Result.Ignore;
        }

        var spec = header.AsSpan(Unit.Length).Trim();
        if (spec.IndexOf(',') >= 0)
        {
            return Result.Ignore;
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return Result.Ignore;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.IsEmpty)
        {
            // Suffix range: the last N bytes.
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix))
            {
                return Result.Ignore;
            }

            if (suffix == 0 || length == 0)
            {
                return Result.Unsatisfiable;
            }

            count = Math.Min(suffix, length);
            offset = length - count;
            return Result.Satisfiable;
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return Result.Ignore;
        }

        var end = length - 1;
        if (!last.IsEmpty)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return Result.Ignore;
            }
        }

        if (start >= length)
        {
            return Result.Unsatisfiable;
        }

        end = Math.Min(end, length - 1);
        offset = start;
        count = end - start + 1;
        return Result.Satisfiable;
    }
}