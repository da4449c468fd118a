using System.Text;

namespace Gateway.Routing;

/// <summary>
/// A parsed path template such as <c>/users/{id:int}/files/{*path}</c>: literal segments, one-segment parameters
/// (<c>{name}</c> or <c>{name:convertor}</c>) and an optional final catch-all (<c>{*name}</c>). Parsed once, when a route
/// is registered.
/// </summary>
/// <remarks>Literal segments are compared with the percent-decoded <see cref="Scope.Path"/>, ordinally (case matters).</remarks>
public sealed class RouteTemplate
{
    /// <summary>The most parameters one template may declare.</summary>
    public const int MaxParameters = 32;

    private RouteTemplate(string text, TemplateSegment[] segments, RouteParameter[] parameters)
    {
        Text = text;
        Segments = segments;
        Parameters = parameters;
    }

    /// <summary>The template text, normalized (a mount prefix loses its trailing slash; the empty prefix is <c>""</c>).</summary>
    public string Text { get; }

    /// <summary>The parameters in template order.</summary>
    public IReadOnlyList<RouteParameter> Parameters { get; }

    /// <summary>Whether the template ends with a catch-all parameter.</summary>
    public bool HasCatchAll => Segments.Length > 0 && Segments[^1].Parameter is { IsCatchAll: true };

    internal TemplateSegment[] Segments { get; }

    /// <summary>Parses a route template.</summary>
    /// <param name="template">The template; it starts with <c>/</c>. The empty string is allowed and means "no segments"
    /// (a mount at the root).</param>
    /// <param name="convertors">Where to find the convertors the template names; the built-ins when null.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="FormatException">The template is malformed, names an unknown convertor, repeats a parameter
    /// name or puts a catch-all anywhere but last.</exception>
    public static RouteTemplate Parse(string template, ConvertorRegistry? convertors = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        convertors ??= DefaultRegistry;
        if (template.Length == 0)
        {
            return new RouteTemplate(string.Empty, [], []);
        }

        if (template[0] != '/')
        {
            throw new FormatException($"The route template '{template}' must start with '/'.");
        }

        var parts = template[1..].Split('/');
        var segments = new TemplateSegment[parts.Length];
        var parameters = new List<RouteParameter>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var parameter = ParseParameter(template, part[1..^1], convertors);
                if (parameter.IsCatchAll && i != parts.Length - 1)
                {
                    throw new FormatException($"In '{template}', the catch-all parameter '{parameter.Name}' must be the last segment.");
                }

                foreach (var existing in parameters)
                {
                    if (existing.Name == parameter.Name)
                    {
                        throw new FormatException($"In '{template}', the parameter '{parameter.Name}' appears twice.");
                    }
                }

                parameters.Add(parameter);
                segments[i] = new TemplateSegment(null, parameter);
            }
            else
            {
                if (part.AsSpan().IndexOfAny('{', '}') >= 0)
                {
                    throw new FormatException($"In '{template}', the segment '{part}' mixes a parameter with text; a parameter takes a whole segment.");
                }

                segments[i] = new TemplateSegment(part, null);
            }
        }

        if (parameters.Count > MaxParameters)
        {
            throw new FormatException($"The route template '{template}' declares more than {MaxParameters} parameters.");
        }

        return new RouteTemplate(template, segments, [.. parameters]);
    }

    /// <summary>Parses a mount or group prefix: like <see cref="Parse"/>, but a trailing slash is dropped, <c>"/"</c> is the
    /// empty prefix, and a catch-all is refused.</summary>
    /// <param name="prefix">The prefix, such as <c>/api/{version}</c>.</param>
    /// <param name="convertors">Where to find convertors.</param>
    /// <returns>The parsed prefix.</returns>
    /// <exception cref="FormatException">The prefix is malformed or ends with a catch-all.</exception>
    public static RouteTemplate ParsePrefix(string prefix, ConvertorRegistry? convertors = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var normalized = prefix.TrimEnd('/');
        var parsed = Parse(normalized, convertors);
        if (parsed.HasCatchAll)
        {
            throw new FormatException($"The prefix '{prefix}' cannot end with a catch-all parameter.");
        }

        return parsed;
    }

    /// <summary>Joins a prefix and a template into one template, as a group does for its routes.</summary>
    /// <param name="prefix">A prefix from <see cref="ParsePrefix"/>.</param>
    /// <param name="template">The route's own template.</param>
    /// <returns>The combined template.</returns>
    /// <exception cref="FormatException">A parameter name appears in both.</exception>
    public static RouteTemplate Combine(RouteTemplate prefix, RouteTemplate template)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(template);
        if (prefix.Segments.Length == 0)
        {
            return template;
        }

        var text = prefix.Text + template.Text;
        foreach (var parameter in template.Parameters)
        {
            foreach (var existing in prefix.Parameters)
            {
                if (existing.Name == parameter.Name)
                {
                    throw new FormatException($"In '{text}', the parameter '{parameter.Name}' appears twice.");
                }
            }
        }

        return new RouteTemplate(text, [.. prefix.Segments, .. template.Segments], [.. prefix.Parameters, .. template.Parameters]);
    }

    /// <summary>
    /// Matches a whole path (such as <see cref="Scope.Path"/>) against this template, segment by segment.
    /// </summary>
    /// <param name="path">The decoded path, starting with <c>/</c>.</param>
    /// <param name="parameters">The converted values, in template order.</param>
    /// <returns>Whether the path fits.</returns>
    public bool TryMatch(string path, out PathParameters parameters) => TryMatchCore(path, prefix: false, out parameters, out _);

    /// <summary>
    /// Matches the start of a path against this template used as a prefix: the path must equal the prefix or continue
    /// with <c>/</c> after it.
    /// </summary>
    /// <param name="path">The decoded path, starting with <c>/</c>.</param>
    /// <param name="parameters">The converted values, in template order.</param>
    /// <param name="matchedLength">How many characters of <paramref name="path"/> the prefix covered.</param>
    /// <returns>Whether the path starts with the prefix.</returns>
    public bool TryMatchPrefix(string path, out PathParameters parameters, out int matchedLength) =>
        TryMatchCore(path, prefix: true, out parameters, out matchedLength);

    /// <summary>Formats this template with values, for URL generation: each value goes through its parameter's convertor
    /// and is percent-encoded (a catch-all keeps its slashes).</summary>
    /// <param name="values">A value for every parameter, by name.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">A parameter has no value, or a value does not convert back.</exception>
    public string Format(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder();
        foreach (var segment in Segments)
        {
            text.Append('/');
            if (segment.Literal is { } literal)
            {
                text.Append(Uri.EscapeDataString(literal));
                continue;
            }

            var parameter = segment.Parameter!;
            if (!values.TryGetValue(parameter.Name, out var value) || value is null)
            {
                throw new ArgumentException($"No value was given for the parameter '{parameter.Name}' of '{Text}'.", nameof(values));
            }

            var formatted = parameter.Convertor.Format(value);
            if (!parameter.Convertor.IsMatch(formatted) || (!parameter.IsCatchAll && formatted.Contains('/', StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The value '{formatted}' does not fit the parameter '{parameter.Name}:{parameter.ConvertorName}' of '{Text}'.", nameof(values));
            }

            if (parameter.IsCatchAll)
            {
                var first = true;
                foreach (var piece in formatted.Split('/'))
                {
                    if (!first)
                    {
                        text.Append('/');
                    }

                    text.Append(Uri.EscapeDataString(piece));
                    first = false;
                }
            }
            else
            {
                text.Append(Uri.EscapeDataString(formatted));
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static ConvertorRegistry DefaultRegistry { get; } = new();

    private static RouteParameter ParseParameter(string template, string body, ConvertorRegistry convertors)
    {
        var catchAll = body.StartsWith('*');
        if (catchAll)
        {
            body = body[1..];
        }

        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? body : body[..colon];
        var convertorName = colon < 0 ? (catchAll ? "path" : "str") : body[(colon + 1)..];
        if (name.Length == 0 || !IsIdentifier(name))
        {
            throw new FormatException($"In '{template}', '{{{body}}}' needs a parameter name made of letters, digits and '_'.");
        }

        if (!convertors.TryGet(convertorName, out var convertor))
        {
            throw new FormatException($"In '{template}', the convertor '{convertorName}' is not registered.");
        }

        // Starlette spells a catch-all {rest:path}; treat it as {*rest}.
        return new RouteParameter(name, convertor, catchAll || ReferenceEquals(convertor, BuiltInConvertors.Path));
    }

    private static bool IsIdentifier(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private bool TryMatchCore(string path, bool prefix, out PathParameters parameters, out int matchedLength)
    {
        ArgumentNullException.ThrowIfNull(path);
        parameters = PathParameters.Empty;
        matchedLength = 0;
        if (Segments.Length == 0)
        {
            return prefix || path.Length == 0;
        }

        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        var values = Parameters.Count == 0 ? null : new KeyValuePair<string, object>[Parameters.Count];
        var valueCount = 0;
        var position = 1;
        for (var i = 0; i < Segments.Length; i++)
        {
            if (position > path.Length)
            {
                // The path ran out: only an (empty) catch-all may still match.
                if (Segments[i].Parameter is { IsCatchAll: true } rest)
                {
                    values![valueCount++] = new(rest.Name, rest.Convertor.TryConvert([], out var empty) ? empty : string.Empty);
                    position = path.Length + 1;
                    break;
                }

                return false;
            }

            var segment = Segments[i];
            if (segment.Parameter is { IsCatchAll: true } catchAll)
            {
                if (!catchAll.Convertor.TryConvert(path.AsSpan(position), out var restValue))
                {
                    return false;
                }

                values![valueCount++] = new(catchAll.Name, restValue);
                position = path.Length + 1;
                break;
            }

            var end = path.IndexOf('/', position);
            if (end < 0)
            {
                end = path.Length;
            }

            var text = path.AsSpan(position, end - position);
            if (segment.Literal is { } literal)
            {
                if (!text.SequenceEqual(literal))
                {
                    return false;
                }
            }
            else
            {
                if (!segment.Parameter!.Convertor.TryConvert(text, out var value))
                {
                    return false;
                }

                values![valueCount++] = new(segment.Parameter.Name, value);
            }

            position = end + 1;
        }

        if (!prefix && position <= path.Length)
        {
            return false;
        }

        matchedLength = Math.Min(position - 1, path.Length);
        parameters = values is null ? PathParameters.Empty : PathParameters.Create(values);
        return true;
    }
}