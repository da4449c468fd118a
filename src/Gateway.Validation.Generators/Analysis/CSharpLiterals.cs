using System;
using System.Globalization;
using System.Linq;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gateway.Validation.Generators.Analysis
{
    /// <summary>Writes constants (attribute arguments, default values) as C# expressions of their exact type, so the
    /// generated code reproduces at run time the very values reflection would read from metadata.</summary>
    internal static class CSharpLiterals
    {
        public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The attribute as an object creation expression, or null when an argument cannot be written.</summary>
        public static string? Attribute(AttributeData attribute)
        {
            if (attribute.AttributeClass is not { } type || attribute.AttributeConstructor is not { } constructor)
            {
                return null;
            }

            var arguments = new string[attribute.ConstructorArguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                var argument = Constant(attribute.ConstructorArguments[i]);
                if (argument is null)
                {
                    return null;
                }

                // Cast to the parameter's type too, so overload resolution picks the constructor the source used.
                var parameterType = constructor.Parameters[i].Type;
                arguments[i] = SymbolEqualityComparer.Default.Equals(parameterType, attribute.ConstructorArguments[i].Type)
                    ? argument
                    : "(" + parameterType.ToDisplayString(TypeFormat) + ")" + argument;
            }

            var text = "new " + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "(" + string.Join(", ", arguments) + ")";
            if (attribute.NamedArguments.Length == 0)
            {
                return text;
            }

            var named = new string[attribute.NamedArguments.Length];
            for (var i = 0; i < named.Length; i++)
            {
                var value = Constant(attribute.NamedArguments[i].Value);
                if (value is null)
                {
                    return null;
                }

                named[i] = Identifier(attribute.NamedArguments[i].Key) + " = " + value;
            }

            return text + " { " + string.Join(", ", named) + " }";
        }

        /// <summary>An attribute argument as a C# expression of its own type, or null when it cannot be written.</summary>
        public static string? Constant(TypedConstant constant)
        {
            switch (constant.Kind)
            {
                case TypedConstantKind.Array:
                    if (constant.IsNull)
                    {
                        return "null";
                    }

                    var elementType = ((IArrayTypeSymbol)constant.Type!).ElementType;
                    var elements = constant.Values.Select(Constant).ToArray();
                    return elements.Any(e => e is null)
                        ? null
                        : "new " + elementType.ToDisplayString(TypeFormat) + "[] { " + string.Join(", ", elements) + " }";
                case TypedConstantKind.Type:
                    return constant.Value is ITypeSymbol { } typeValue && !(typeValue is INamedTypeSymbol { IsUnboundGenericType: true })
                        ? "typeof(" + typeValue.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")"
                        : null;
                case TypedConstantKind.Enum:
                    return constant.Value is null ? null : "(" + constant.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + Primitive(constant.Value) + ")";
                case TypedConstantKind.Primitive:
                    if (constant.IsNull)
                    {
                        return "(" + constant.Type!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "?)null";
                    }

                    return Typed(constant.Value!, constant.Type!);
                default:
                    return null;
            }
        }

        /// <summary>A constant value as an expression of exactly <paramref name="type"/>.</summary>
        public static string? Typed(object value, ITypeSymbol type)
        {
            var literal = Primitive(value);
            if (literal is null)
            {
                return null;
            }

            return value is string or bool or char
                ? literal
                : "(" + type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + literal + ")";
        }

        /// <summary>A primitive as a C# literal of its own type, or null for a value C# cannot write as a literal.</summary>
        public static string? Primitive(object value) => value switch
        {
            string text => SymbolDisplay.FormatLiteral(text, quote: true),
            char character => SymbolDisplay.FormatLiteral(character, quote: true),
            bool flag => flag ? "true" : "false",
            double number when double.IsNaN(number) => "double.NaN",
            double number when double.IsPositiveInfinity(number) => "double.PositiveInfinity",
            double number when double.IsNegativeInfinity(number) => "double.NegativeInfinity",
            float number when float.IsNaN(number) => "float.NaN",
            float number when float.IsPositiveInfinity(number) => "float.PositiveInfinity",
            float number when float.IsNegativeInfinity(number) => "float.NegativeInfinity",
            double number => number.ToString("R", CultureInfo.InvariantCulture) + "D",
            float number => number.ToString("R", CultureInfo.InvariantCulture) + "F",
            decimal number => number.ToString(CultureInfo.InvariantCulture) + "M",
            long number => number.ToString(CultureInfo.InvariantCulture) + "L",
            ulong number => number.ToString(CultureInfo.InvariantCulture) + "UL",
            uint number => number.ToString(CultureInfo.InvariantCulture) + "U",
            int or short or sbyte or byte or ushort => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };

        /// <summary>A name as a C# identifier (<c>@class</c> for a keyword).</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
