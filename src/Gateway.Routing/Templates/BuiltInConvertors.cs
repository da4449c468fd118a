using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Gateway.Routing;

/// <summary>The convertors every <see cref="ConvertorRegistry"/> starts with.</summary>
internal static class BuiltInConvertors
{
    public static RouteConvertor String { get; } = new StringConvertor();

    public static RouteConvertor Path { get; } = new PathConvertor();

    public static RouteConvertor Int32 { get; } = new IntegerConvertor<int>("int");

    public static RouteConvertor Int64 { get; } = new IntegerConvertor<long>("long");

    public static RouteConvertor Double { get; } = new DoubleConvertor();

    public static RouteConvertor Guid { get; } = new GuidConvertor();

    private static string FormatInvariant(object value) =>
        value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty;

    private sealed class StringConvertor : RouteConvertor
    {
        public override string Name => "str";

        public override Type ValueType => typeof(string);

        public override bool IsMatch(ReadOnlySpan<char> segment) => !segment.IsEmpty;

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = segment.IsEmpty ? null : segment.ToString();
            return value is not null;
        }

        public override string Format(object value) => FormatInvariant(value);
    }

    private sealed class PathConvertor : RouteConvertor
    {
        public override string Name => "path";

        public override Type ValueType => typeof(string);

        public override bool IsMatch(ReadOnlySpan<char> segment) => true;

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = segment.ToString();
            return true;
        }

        public override string Format(object value) => FormatInvariant(value);
    }

    /// <summary><c>int</c> and <c>long</c>: digits only (no sign, no spaces), within the type's range.</summary>
    private sealed class IntegerConvertor<T>(string name) : RouteConvertor
        where T : struct, IBinaryInteger<T>
    {
        public override string Name => name;

        public override Type ValueType => typeof(T);

        public override bool IsMatch(ReadOnlySpan<char> segment) =>
            T.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _);

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = T.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return value is not null;
        }

        public override string Format(object value) => FormatInvariant(value);
    }

    private sealed class DoubleConvertor : RouteConvertor
    {
        private const NumberStyles Style = NumberStyles.AllowDecimalPoint;

        public override string Name => "float";

        public override Type ValueType => typeof(double);

        public override bool IsMatch(ReadOnlySpan<char> segment) =>
            double.TryParse(segment, Style, CultureInfo.InvariantCulture, out _);

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = double.TryParse(segment, Style, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return value is not null;
        }

        public override string Format(object value) =>
            value is double number ? number.ToString("R", CultureInfo.InvariantCulture) : FormatInvariant(value);
    }

    private sealed class GuidConvertor : RouteConvertor
    {
        public override string Name => "guid";

        public override Type ValueType => typeof(Guid);

        public override bool IsMatch(ReadOnlySpan<char> segment) => System.Guid.TryParseExact(segment, "D", out _);

        public override bool TryConvert(ReadOnlySpan<char> segment, [NotNullWhen(true)] out object? value)
        {
            value = System.Guid.TryParseExact(segment, "D", out var parsed) ? parsed : null;
            return value is not null;
        }

        public override string Format(object value) =>
            value is Guid guid ? guid.ToString("D", CultureInfo.InvariantCulture) : FormatInvariant(value);
    }
}