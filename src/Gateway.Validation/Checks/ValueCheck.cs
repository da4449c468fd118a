using Gateway.Validation.Handlers;

namespace Gateway.Validation.Checks;

/// <summary>One DataAnnotations attribute turned into a check that reports Pydantic-shaped errors.</summary>
internal abstract class ValueCheck
{
    /// <summary>Whether the check also runs on <see langword="null"/> (only <c>[Required]</c> and custom attributes).</summary>
    public virtual bool ChecksNull => false;

    /// <summary>Checks <paramref name="value"/>, recording errors in <paramref name="context"/> at its current path.</summary>
    public abstract void Check(object? value, RequestContext context);
}