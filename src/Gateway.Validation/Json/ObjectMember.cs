using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;

using Gateway.Validation.Checks;
using Gateway.Validation.Handlers;

namespace Gateway.Validation.Json;

/// <summary>One member of an object model: a constructor parameter or a settable property, with its JSON name, whether
/// it is required, its default, its validation and the model reading its value.</summary>
internal abstract class ObjectMember
{
    protected ObjectMember(MemberShape shape)
    {
        Shape = shape;
        Utf8Name = Encoding.UTF8.GetBytes(shape.JsonName);
    }

    public MemberShape Shape { get; }

    public string JsonName => Shape.JsonName;

    public byte[] Utf8Name { get; }

    /// <summary>The offset standing for a member the JSON object does not have.</summary>
    public const int Absent = -1;

    public abstract JsonModel Model { get; }

    public void ReportMissing(RequestContext context)
    {
        context.Push(JsonName, Shape.IsSecret);
        context.AddMissing();
        context.Pop();
    }
}

/// <summary>An <see cref="ObjectMember"/> of type <typeparamref name="TMember"/>.</summary>
internal sealed class ObjectMember<TMember> : ObjectMember
{
    private readonly JsonModel<TMember> _model;
    private readonly ValueValidator? _validator;
    private readonly TMember _default;

    public ObjectMember(MemberShape shape, JsonModel model)
        : base(shape)
    {
        _model = (JsonModel<TMember>)model;
        _validator = ValueValidator.Create(shape.Attributes, shape.ClrName);
        _default = shape.HasDefault && shape.DefaultValue is TMember typed ? typed : default!;
    }

    public override JsonModel Model => _model;

    /// <summary>Reads the member's JSON value, which starts at <paramref name="offset"/> in the request's JSON, or returns
    /// its default when the object has none (<see cref="ObjectMember.Absent"/>; the missing error, if any, was already
    /// reported; a default is checked like a value, see <see cref="ValidateDefault"/>).</summary>
    public TMember Read(int offset, RequestContext context)
    {
        if (offset == Absent)
        {
            ValidateDefault(_default, context);
            return _default;
        }

        context.Push(Shape.JsonName, Shape.IsSecret);
        var reader = context.OpenJson(offset, out var outer);
        if (_model.TryRead(ref reader, context, out var value))
        {
            _validator?.Validate(value, context);
        }

        context.CloseJson(outer);
        context.Pop();
        return value;
    }

    /// <summary>Checks the value an absent member keeps (its default, or what the type's initializer set) against the
    /// member's attributes, as the BCL's <c>Validator</c> would check the bound object: a handler may rely on
    /// <c>[MinLength(1)]</c> whether or not the client sent the member. (Pydantic trusts defaults; DataAnnotations users
    /// expect the attribute to hold.) A required member that is absent was already reported missing.</summary>
    public void ValidateDefault(TMember value, RequestContext context)
    {
        if (_validator is null || Shape.IsRequired)
        {
            return;
        }

        context.Push(Shape.JsonName, Shape.IsSecret);
        _validator.Validate(value, context);
        context.Pop();
    }
}

/// <summary>What reflection says about a member, gathered once.</summary>
internal sealed record MemberShape(
    string ClrName,
    string JsonName,
    Type Type,
    bool IsRequired,
    bool IsNullable,
    bool HasDefault,
    object? DefaultValue,
    bool IsSecret,
    IReadOnlyList<ValidationAttribute> Attributes,
    string? Description);