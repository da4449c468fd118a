using System.ComponentModel.DataAnnotations;

using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>Runs <see cref="IValidatableObject.Validate"/> and reports each result as a <c>value_error</c> at the
/// member it names (by C# or JSON name), or at the object itself.</summary>
internal static class ObjectValidation
{
    public static void Run(IValidatableObject validatable, RequestContext context, IReadOnlyList<ObjectMember> members)
    {
        var validationContext = new ValidationContext(validatable, validatable.GetType().Name, context.Services, items: null);
        foreach (var result in validatable.Validate(validationContext))
        {
            if (result == ValidationResult.Success || result is null)
            {
                continue;
            }

            var message = result.ErrorMessage ?? "The object is not valid.";
            var errorContext = new Dictionary<string, object?> { ["error"] = message };
            var reported = false;
            foreach (var name in result.MemberNames)
            {
                var member = FindMember(members, name);
                context.Push(member?.JsonName ?? name, member?.Shape.IsSecret ?? false);
                context.AddError("value_error", $"Value error, {message}", null, errorContext);
                context.Pop();
                reported = true;
            }

            if (!reported)
            {
                context.AddError("value_error", $"Value error, {message}", null, errorContext);
            }
        }
    }

    private static ObjectMember? FindMember(IReadOnlyList<ObjectMember> members, string name)
    {
        foreach (var member in members)
        {
            if (string.Equals(member.Shape.ClrName, name, StringComparison.Ordinal) || string.Equals(member.JsonName, name, StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }
}