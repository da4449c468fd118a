// netstandard2.0 lacks the type C# needs for init accessors (records).
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
