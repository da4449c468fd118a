namespace Gateway.Validation.Json;

/// <summary>A reference type annotated nullable: JSON null is null, anything else is read by the inner model.</summary>
internal sealed class NullableReferenceModel<T>(JsonModel inner) : NullOrModel<T, T?>(inner)
    where T : class
{
    protected override T? Wrap(T value) => value;
}
