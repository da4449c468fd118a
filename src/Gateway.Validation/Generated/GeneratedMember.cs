using System.ComponentModel;

using Gateway.Validation.Json;

namespace Gateway.Validation.Generated;

/// <summary>One member of a generated object model (a constructor parameter or a settable property), declared with
/// <see cref="GeneratedObject{T}.Member{TMember}"/>; the object's factory reads it through a
/// <see cref="GeneratedObjectReader"/>. For generated code; not a stable API.</summary>
/// <typeparam name="TMember">The member's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedMember<TMember>
{
    internal GeneratedMember(ObjectMember<TMember> member, int index)
    {
        Member = member;
        Index = index;
    }

    internal ObjectMember<TMember> Member { get; }

    internal int Index { get; }
}