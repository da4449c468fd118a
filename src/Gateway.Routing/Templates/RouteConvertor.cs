using System.Diagnostics.CodeAnalysis;

namespace Gateway.Routing;

/// <summary>
/// Turns one path segment into a typed value and back, as a Starlette convertor does: <c>{id:int}</c> uses the
/// convertor named <c>int</c>. Built-in convertors are <c>str</c> (the default), <c>int</c>, <c>long</c>, <c>float</c>,
/// <c>guid</c> and <c>path</c> (catch-all); register more in a <see cref="ConvertorRegistry"/>.
/// </summary>
/// <remarks>Convertors are shared by every request and must be thread-safe (stateless is simplest).</remarks>
public abstract class RouteConvertor
{
    /// <summary>The name used in templates, such as <c>int</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The CLR type of the values <see cref="TryConvert"/> produces.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Converts a percent-decoded segment (never containing <c>/</c>, except for catch-all values).</summary>
    /// <param name="segment">The text of the segment.</param>
    /// <param name="value">The typed value when the segment fits.</param>
    /// <returns>Whether the segment fits this convertor; a segment that does not fit makes the route not match.</returns>
    public abstract bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value);

    /// <summary>Whether a segment fits, without producing its value. Called while matching; override it to avoid
    /// boxing (the default calls <see cref="TryConvert"/>).</summary>
    /// <param name="segment">The text of the segment.</param>
    /// <returns>Whether it fits.</returns>
    public virtual bool IsMatch(ReadOnlySpan<char> segment) => TryConvert(segment, out _);

    /// <summary>Formats a value for URL generation; the result is percent-encoded by the caller.</summary>
    /// <param name="value">A value of <see cref="ValueType"/> (or one its <see cref="object.ToString"/> describes).</param>
    /// <returns>The segment text; it must convert back to the same value.</returns>
    public abstract string Format(object value);
}