using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Analysis
{
    /// <summary>Whether generated code (another file of the same compilation) can spell a type.</summary>
    internal static class TypeNames
    {
        public static bool CanName(ITypeSymbol type, Compilation compilation, out string reason)
        {
            switch (type)
            {
                case IErrorTypeSymbol:
                    reason = "it does not compile";
                    return false;
                case ITypeParameterSymbol:
                    reason = "it is a type parameter";
                    return false;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    reason = "it is a pointer";
                    return false;
                case IArrayTypeSymbol array:
                    return CanName(array.ElementType, compilation, out reason);
                case IDynamicTypeSymbol:
                    reason = string.Empty;
                    return true;
                case INamedTypeSymbol named:
                    if (named.IsAnonymousType)
                    {
                        reason = "it is anonymous";
                        return false;
                    }

                    if (named.IsFileLocal)
                    {
                        reason = "it is file-local";
                        return false;
                    }

                    if (!compilation.IsSymbolAccessibleWithin(named, compilation.Assembly))
                    {
                        reason = "it is not accessible outside its declaring type";
                        return false;
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        if (!CanName(argument, compilation, out reason))
                        {
                            return false;
                        }
                    }

                    reason = string.Empty;
                    return true;
                default:
                    reason = "it is not a named type";
                    return false;
            }
        }
    }
}
