using System.ComponentModel;

using Gateway.Validation.Handlers;
using Gateway.Validation.Json;

namespace Gateway.Validation.Generated;

/// <summary>What a generated object factory reads one JSON object with: the member values found, by member, and the
/// request that collects errors. The factory constructs the object from the constructor members, then, for each settable
/// property, assigns it when present or checks the value it kept (<see cref="ValidateDefault{TMember}"/>), exactly as the
/// reflection path's compiled factory does. For generated code; not a stable API.</summary>
/// <remarks>Valid only during the factory call it was passed to.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GeneratedObjectReader
{
    private readonly int[] _found;
    private readonly RequestContext _context;

    internal GeneratedObjectReader(int[] found, RequestContext context)
    {
        _found = found;
        _context = context;
    }

    /// <summary>Reads <paramref name="member"/>'s value (its default when the JSON has none), recording its errors.</summary>
    /// <typeparam name="TMember">The member's type.</typeparam>
    /// <param name="member">The member.</param>
    /// <returns>The value, or a default when it is invalid.</returns>
    public TMember Read<TMember>(GeneratedMember<TMember> member) => member.Member.Read(_found[member.Index], _context);

    /// <summary>Whether the JSON object has <paramref name="member"/>.</summary>
    /// <typeparam name="TMember">The member's type.</typeparam>
    /// <param name="member">The member.</param>
    /// <returns><see langword="true"/> when the member is present.</returns>
    public bool IsPresent<TMember>(GeneratedMember<TMember> member) => _found[member.Index] != ObjectMember.Absent;

    /// <summary>Checks the value an absent member kept against its attributes.</summary>
    /// <typeparam name="TMember">The member's type.</typeparam>
    /// <param name="member">The member.</param>
    /// <param name="value">The value the object holds.</param>
    public void ValidateDefault<TMember>(GeneratedMember<TMember> member, TMember value) => member.Member.ValidateDefault(value, _context);
}