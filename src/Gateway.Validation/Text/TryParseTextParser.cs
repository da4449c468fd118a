using System.Globalization;
using System.Reflection;

namespace Gateway.Validation.Text;

/// <summary>Types with a static <c>TryParse(string, out T)</c> or <c>TryParse(string, IFormatProvider, out T)</c>, called
/// through a delegate created once.</summary>
internal sealed class TryParseTextParser<T> : TextParser<T>
{
    private delegate bool TryParseWithProvider(string text, IFormatProvider? provider, out T value);

    private delegate bool TryParsePlain(string text, out T value);

    private readonly TryParseWithProvider? _withProvider;
    private readonly TryParsePlain? _plain;

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
        _withProvider is not null ? _withProvider(text, CultureInfo.InvariantCulture, out value) : _plain!(text, out value);
}

/// <summary>Finds <c>TryParse</c> methods.</summary>
internal static class TryParseTextParser
{
    public static bool HasTryParse(Type type) => !type.IsGenericTypeDefinition && Find(type) is not null;

    public static MethodInfo? Find(Type type)
    {
        var byRef = type.MakeByRefType();
        return type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), byRef]) is { ReturnType: var r1 } m1 && r1 == typeof(bool)
            ? m1
            : type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), byRef]) is { ReturnType: var r2 } m2 && r2 == typeof(bool) ? m2 : null;
    }
}