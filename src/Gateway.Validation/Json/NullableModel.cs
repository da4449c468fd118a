namespace Gateway.Validation.Json;

/// <summary>A nullable value type: JSON null is null, anything else is read as the underlying type.</summary>
internal sealed class NullableModel<T>(JsonModel inner) : NullOrModel<T, T?>(inner)
    where T : struct
{
    protected override T? Wrap(T value) => value;
}
