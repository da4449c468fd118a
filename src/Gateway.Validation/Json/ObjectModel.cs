using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json;

using Gateway.Validation.Handlers;
using Gateway.Validation.Text;

namespace Gateway.Validation.Json;

/// <summary>Objects with members: records, classes and structs built through a constructor and settable properties, by a
/// delegate compiled once. Every member is read, so every member's errors are reported; a missing required member is a
/// <c>missing</c> error; <see cref="IValidatableObject"/> runs once the members are valid.</summary>
internal sealed class ObjectModel<T> : JsonModel<T>, IObjectModel
{
    private ObjectMember[] _members = [];
    private Dictionary<string, int>? _caseInsensitive;
    private Func<JsonElement[], RequestContext, T>? _factory;

    public IReadOnlyList<ObjectMember> Members => _members;

    /// <summary>Fills the members in: separate from construction so that recursive types find this model in the catalog.</summary>
    public void Initialize(IReadOnlyList<ObjectMember> members, Func<JsonElement[], RequestContext, T> factory, bool caseInsensitive)
    {
        _members = [.. members];
        _factory = factory;
        if (caseInsensitive)
        {
            _caseInsensitive = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _members.Length; i++)
            {
                _caseInsensitive.TryAdd(_members[i].JsonName, i);
            }
        }
    }

    public override bool TryRead(JsonElement element, RequestContext context, out T value)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            context.AddError(ErrorKind.ModelType, element.Clone());
            value = default!;
            return false;
        }

        var errorsBefore = context.ErrorCount;
        var members = _members;
        var found = ArrayPool<JsonElement>.Shared.Rent(members.Length);
        try
        {
            Array.Clear(found, 0, members.Length);
            foreach (var property in element.EnumerateObject())
            {
                var index = Find(property);
                if (index >= 0)
                {
                    found[index] = property.Value;
                }
            }

            for (var i = 0; i < members.Length; i++)
            {
                if (members[i].Shape.IsRequired && found[i].ValueKind == JsonValueKind.Undefined)
                {
                    members[i].ReportMissing(context);
                }
            }

            value = _factory!(found, context);
        }
        finally
        {
            ArrayPool<JsonElement>.Shared.Return(found);
        }

        if (context.ErrorCount != errorsBefore)
        {
            return false;
        }

        if (value is IValidatableObject validatable)
        {
            ObjectValidation.Run(validatable, context, _members);
        }

        return context.ErrorCount == errorsBefore;
    }

    private int Find(JsonProperty property)
    {
        var members = _members;
        for (var i = 0; i < members.Length; i++)
        {
            if (property.NameEquals(members[i].Utf8Name))
            {
                return i;
            }
        }

        return _caseInsensitive is not null && _caseInsensitive.TryGetValue(property.Name, out var index) ? index : -1;
    }

    /// <summary>Compiles <c>(found, context) =&gt; { var o = new T(m0.Read(found[0], context), ...); if (found[k] present)
    /// o.Pk = mk.Read(found[k], context); else mk.ValidateDefault(o.Pk, context); return o; }</c>.</summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(ModelCatalog.ReflectionMessage)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(ModelCatalog.ReflectionMessage)]
    internal static Func<JsonElement[], RequestContext, T> Compile(System.Reflection.ConstructorInfo? constructor, IReadOnlyList<ObjectMember> members, IReadOnlyList<System.Reflection.PropertyInfo?> setters)
    {
        var found = Expression.Parameter(typeof(JsonElement[]), "found");
        var context = Expression.Parameter(typeof(RequestContext), "context");
        var instance = Expression.Variable(typeof(T), "instance");
        var parameterCount = constructor?.GetParameters().Length ?? 0;

        Expression ReadMember(int index)
        {
            var member = members[index];
            var read = member.GetType().GetMethod(nameof(ObjectMember<int>.Read))!;
            return Expression.Call(Expression.Constant(member), read, Expression.ArrayIndex(found, Expression.Constant(index)), context);
        }

        var body = new List<Expression>();
        var arguments = new Expression[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            arguments[i] = ReadMember(i);
        }

        body.Add(Expression.Assign(instance, constructor is null ? Expression.New(typeof(T)) : Expression.New(constructor, arguments)));
        var valueKind = typeof(JsonElement).GetProperty(nameof(JsonElement.ValueKind))!;
        for (var i = parameterCount; i < members.Count; i++)
        {
            var present = Expression.NotEqual(
                Expression.Property(Expression.ArrayIndex(found, Expression.Constant(i)), valueKind),
                Expression.Constant(JsonValueKind.Undefined));
            var property = Expression.Property(instance, setters[i]!);
            var validateDefault = members[i].GetType().GetMethod(nameof(ObjectMember<int>.ValidateDefault))!;
            body.Add(setters[i]!.CanRead
                ? Expression.IfThenElse(present, Expression.Assign(property, ReadMember(i)), Expression.Call(Expression.Constant(members[i]), validateDefault, property, context))
                : Expression.IfThen(present, Expression.Assign(property, ReadMember(i))));
        }

        body.Add(instance);
        return Expression.Lambda<Func<JsonElement[], RequestContext, T>>(Expression.Block([instance], body), found, context).Compile();
    }
}