namespace Gateway.Validation.Json;

/// <summary>An object model's members, for schemas.</summary>
internal interface IObjectModel
{
    IReadOnlyList<ObjectMember> Members { get; }
}