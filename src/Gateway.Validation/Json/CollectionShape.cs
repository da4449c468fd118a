using System.Diagnostics.CodeAnalysis;

namespace Gateway.Validation.Json;

/// <summary>Recognizes the collection and dictionary types read from JSON arrays and objects.</summary>
internal static class CollectionShape
{
    private static readonly Type[] ListInterfaces =
    [
        typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyList<>),
    ];

    /// <summary>The element type of a collection type read from a JSON array, without reflection (null otherwise).</summary>
    public static Type? ElementOf(Type type)
    {
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            return type.GetElementType()!;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var argument])
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || Array.IndexOf(ListInterfaces, definition) >= 0
                || definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
            {
                return argument;
            }
        }

        return null;
    }

    [RequiresDynamicCode("Closes the collection factory over the element type.")]
    [RequiresUnreferencedCode("Finds the collection factory by reflection.")]
    public static bool TryGetElement(Type type, out Type element, out Delegate create)
    {
        if (type.IsArray && type.GetArrayRank() == 1)
        {
            element = type.GetElementType()!;
            create = Factory(nameof(ToArray), element);
            return true;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var argument])
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || Array.IndexOf(ListInterfaces, definition) >= 0)
            {
                element = argument;
                create = Factory(nameof(AsIs), argument, type);
                return true;
            }

            if (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>))
            {
                element = argument;
                create = Factory(nameof(ToSet), argument, type);
                return true;
            }
        }

        element = typeof(object);
        create = null!;
        return false;
    }

    public static bool TryGetDictionaryValue(Type type, out Type value)
    {
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var argument] && key == typeof(string))
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                value = argument;
                return true;
            }
        }

        value = typeof(object);
        return false;
    }

    [RequiresDynamicCode("Closes the collection factory over the element type.")]
    [RequiresUnreferencedCode("Finds the collection factory by reflection.")]
    private static Delegate Factory(string name, Type element, Type? collection = null)
    {
        var method = typeof(CollectionShape).GetMethod(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var closed = collection is null ? method.MakeGenericMethod(element) : method.MakeGenericMethod(element, collection);
        var delegateType = typeof(Func<,>).MakeGenericType(typeof(List<>).MakeGenericType(element), collection ?? element.MakeArrayType());
        return closed.CreateDelegate(delegateType);
    }

    private static T[] ToArray<T>(List<T> list) => [.. list];

    private static TCollection AsIs<T, TCollection>(List<T> list) => (TCollection)(object)list;

    private static TCollection ToSet<T, TCollection>(List<T> list) => (TCollection)(object)new HashSet<T>(list);
}