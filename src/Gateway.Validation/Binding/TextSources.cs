using Gateway.Validation.Handlers;

namespace Gateway.Validation.Binding;

/// <summary>Finds text values in a request by source.</summary>
internal static class TextSources
{
    /// <summary>The first item of an error location for a source, as FastAPI names them (form fields are <c>body</c>).</summary>
    public static string Location(ParameterSource source) => source switch
    {
        ParameterSource.Path => "path",
        ParameterSource.Query => "query",
        ParameterSource.Header => "header",
        ParameterSource.Cookie => "cookie",
        _ => "body",
    };

    public static string? GetFirst(RequestContext context, ParameterSource source, string name, byte[] headerName)
    {
        switch (source)
        {
            case ParameterSource.Query:
                return context.Query.TryGetFirst(name, out var query) ? query : null;
            case ParameterSource.Cookie:
                return context.Cookies.TryGetFirst(name, out var cookie) ? cookie : null;
            case ParameterSource.Form:
                return context.Form.TryGetFirst(name, out var field) ? field : null;
            case ParameterSource.Header:
                foreach (var header in context.Scope.Headers)
                {
                    if (HeaderNameMatches(header.Name.Span, headerName))
                    {
                        return header.ValueString;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    public static IReadOnlyList<string> GetAll(RequestContext context, ParameterSource source, string name, byte[] headerName)
    {
        switch (source)
        {
            case ParameterSource.Query or ParameterSource.Form or ParameterSource.Cookie:
                var values = source switch
                {
                    ParameterSource.Query => context.Query,
                    ParameterSource.Form => context.Form,
                    _ => context.Cookies,
                };
                return values.GetAll(name);
            case ParameterSource.Header:
                var found = new List<string>();
                foreach (var header in context.Scope.Headers)
                {
                    if (HeaderNameMatches(header.Name.Span, headerName))
                    {
                        found.Add(header.ValueString);
                    }
                }

                return found;
            default:
                return [];
        }
    }

    /// <summary>Header names match case-insensitively with <c>-</c> and <c>_</c> folded together.</summary>
    internal static bool HeaderNameMatches(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        if (actual.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < actual.Length; i++)
        {
            var a = actual[i];
            var e = expected[i];
            if (a == e)
            {
                continue;
            }

            if ((a == '_' || a == '-') && (e == '_' || e == '-'))
            {
                continue;
            }

            if ((a | 0x20) != (e | 0x20) || !char.IsAsciiLetter((char)a))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The header a parameter name reads by convention: <c>userAgent</c> and <c>user_agent</c> read
    /// <c>user-agent</c>.</summary>
    public static string HeaderName(string parameterName)
    {
        var builder = new System.Text.StringBuilder(parameterName.Length + 4);
        for (var i = 0; i < parameterName.Length; i++)
        {
            var c = parameterName[i];
            if (char.IsUpper(c) && i > 0 && parameterName[i - 1] != '_' && parameterName[i - 1] != '-')
            {
                builder.Append('-');
            }

            builder.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}