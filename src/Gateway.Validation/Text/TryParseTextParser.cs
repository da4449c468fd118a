using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

using Gateway.Validation.Generated;

namespace Gateway.Validation.Text;

/// <summary>Types with a static <c>TryParse(string, out T)</c> or <c>TryParse(string, IFormatProvider, out T)</c>, called
/// through a delegate created once.</summary>
internal sealed class TryParseTextParser<T> : TextParser<T>
{
    private delegate bool TryParseWithProvider(string text, IFormatProvider? provider, out T value);

    private delegate bool TryParsePlain(string text, out T value);

    private readonly TryParseWithProvider? _withProvider;
    private readonly TryParsePlain? _plain;
    private readonly GeneratedTryParse<T>? _generated;

    /// <summary>A parser calling the method generated code names (the generator chose it at compile time).</summary>
    public TryParseTextParser(GeneratedTryParse<T> tryParse)
        : base(ErrorKind.For(typeof(T)).Parse, ErrorKind.For(typeof(T)).Type) => _generated = tryParse;

    [RequiresUnreferencedCode("Finds the TryParse method by reflection.")]
    public TryParseTextParser()
        : base(ErrorKind.For(typeof(T)).Parse, ErrorKind.For(typeof(T)).Type)
    {
        var method = TryParseTextParser.Find(typeof(T))!;
        if (method.GetParameters().Length == 3)
        {
            _withProvider = method.CreateDelegate<TryParseWithProvider>();
        }
        else
        {
            _plain = method.CreateDelegate<TryParsePlain>();
        }
    }

    public override bool TryParse(string text, out T value) =>
        _generated is not null ? _generated(text, CultureInfo.InvariantCulture, out value)
        : _withProvider is not null ? _withProvider(text, CultureInfo.InvariantCulture, out value) : _plain!(text, out value);
}

/// <summary>Finds <c>TryParse</c> methods.</summary>
internal static class TryParseTextParser
{
    [RequiresUnreferencedCode("Finds the TryParse method by reflection.")]
    public static bool HasTryParse(Type type) => !type.IsGenericTypeDefinition && Find(type) is not null;

    [RequiresUnreferencedCode("Finds the TryParse method by reflection.")]
    public static MethodInfo? Find(Type type)
    {
        var byRef = type.MakeByRefType();
        return type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), byRef]) is { ReturnType: var r1 } m1 && r1 == typeof(bool)
            ? m1
            : type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), byRef]) is { ReturnType: var r2 } m2 && r2 == typeof(bool) ? m2 : null;
    }
}