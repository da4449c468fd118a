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
/// <remarks>The object is read in two steps. First, where each member's value starts is noted (a repeated member: the
/// last one): for the root object by the pass that checked the text, for a nested one by a scan that skips the values.
/// Then the factory reads the members in declaration order from those offsets. So the errors come in declaration order
/// whatever order the client wrote, exactly as when the members were looked up in a parsed document, and the constructor
/// gets its arguments without boxing them. A nested object's bytes are scanned once more per level of nesting, which
/// <see cref="Routing.HandlerOptions.MaxDepth"/> bounds.</remarks>
internal sealed class ObjectModel<T> : JsonModel<T>, IObjectModel
{
    private ObjectMember[] _members = [];
    private Dictionary<string, int>? _caseInsensitive;
    private Func<int[], RequestContext, T>? _factory;

    public IReadOnlyList<ObjectMember> Members => _members;

    /// <summary>Fills the members in: separate from construction so that recursive types find this model in the catalog.</summary>
    public void Initialize(IReadOnlyList<ObjectMember> members, Func<int[], RequestContext, T> factory, bool caseInsensitive)
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

    public override bool TryRead(ref Utf8JsonReader reader, RequestContext context, out T value)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.AddError(ErrorKind.ModelType, Input(ref reader));
            value = default!;
            return false;
        }

        var found = Rent();
        var next = 0;

        // The text is well-formed, so the object ends before the reader does.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var index = Find(ref reader, next);
            reader.Read();
            if (index >= 0)
            {
                found[index] = context.JsonOffset(ref reader);
                next = index + 1;
            }

            reader.Skip();
        }

        return Build(found, context, out value);
    }

    /// <summary>The root object needs no scan: the pass that checked the text noted its members
    /// (<see cref="RequestContext.RootMembers"/>).</summary>
    public override bool TryReadRoot(RequestContext context, out T value)
    {
        if (!context.RootIsObject)
        {
            return base.TryReadRoot(context, out value);
        }

        var found = Rent();
        var next = 0;
        foreach (var member in context.RootMembers)
        {
            var index = Find(context, member, next);
            if (index >= 0)
            {
                found[index] = member.ValueOffset;
                next = index + 1;
            }
        }

        return Build(found, context, out value);
    }

    private int[] Rent()
    {
        var found = ArrayPool<int>.Shared.Rent(_members.Length);
        found.AsSpan(0, _members.Length).Fill(ObjectMember.Absent);
        return found;
    }

    /// <summary>Reports the missing members, builds the object from the members found (returning
    /// <paramref name="found"/> to the pool) and runs <see cref="IValidatableObject.Validate"/> when they were valid.</summary>
    private bool Build(int[] found, RequestContext context, out T value)
    {
        var errorsBefore = context.ErrorCount;
        var members = _members;
        try
        {
            for (var i = 0; i < members.Length; i++)
            {
                if (members[i].Shape.IsRequired && found[i] == ObjectMember.Absent)
                {
                    members[i].ReportMissing(context);
                }
            }

            value = _factory!(found, context);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(found);
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

    /// <summary>The member a member of the root object names, or -1.</summary>
    private int Find(RequestContext context, RootMember member, int next)
    {
        if (!member.NameIsEscaped)
        {
            return Find(context.JsonBytes(member.NameOffset + 1, member.NameLength), next);
        }

        var reader = context.OpenJson(member.NameOffset, out var outer);
        var index = FindEscaped(ref reader);
        context.CloseJson(outer);
        return index;
    }

    /// <summary>The member the property name <paramref name="reader"/> is on names, or -1.</summary>
    private int Find(ref Utf8JsonReader reader, int next) =>
        reader.ValueIsEscaped ? FindEscaped(ref reader) : Find(reader.ValueSpan, next);

    /// <summary>The member a name without escapes names, or -1. Clients mostly write members in declaration order, so
    /// the search starts at <paramref name="next"/>, the one after the last found.</summary>
    private int Find(ReadOnlySpan<byte> name, int next)
    {
        var members = _members;
        for (var i = next; i < members.Length; i++)
        {
            if (name.SequenceEqual(members[i].Utf8Name))
            {
                return i;
            }
        }

        for (var i = 0; i < next && i < members.Length; i++)
        {
            if (name.SequenceEqual(members[i].Utf8Name))
            {
                return i;
            }
        }

        return _caseInsensitive is not null && _caseInsensitive.TryGetValue(System.Text.Encoding.UTF8.GetString(name), out var index) ? index : -1;
    }

    /// <summary>The member a name written with escapes (rare) names, or -1: the reader compares it unescaped.</summary>
    private int FindEscaped(ref Utf8JsonReader reader)
    {
        var members = _members;
        for (var i = 0; i < members.Length; i++)
        {
            if (reader.ValueTextEquals(members[i].Utf8Name))
            {
                return i;
            }
        }

        return _caseInsensitive is not null && _caseInsensitive.TryGetValue(reader.GetString()!, out var index) ? index : -1;
    }

    /// <summary>Compiles <c>(found, context) =&gt; { var o = new T(m0.Read(found[0], context), ...); if (found[k] != Absent)
    /// o.Pk = mk.Read(found[k], context); else mk.ValidateDefault(o.Pk, context); return o; }</c>, where <c>found</c> holds
    /// the offset of each member's value in the request's JSON.</summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(ModelCatalog.ReflectionMessage)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(ModelCatalog.ReflectionMessage)]
    internal static Func<int[], RequestContext, T> Compile(System.Reflection.ConstructorInfo? constructor, IReadOnlyList<ObjectMember> members, IReadOnlyList<System.Reflection.PropertyInfo?> setters)
    {
        var found = Expression.Parameter(typeof(int[]), "found");
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
        for (var i = parameterCount; i < members.Count; i++)
        {
            var present = Expression.NotEqual(Expression.ArrayIndex(found, Expression.Constant(i)), Expression.Constant(ObjectMember.Absent));
            var property = Expression.Property(instance, setters[i]!);
            var validateDefault = members[i].GetType().GetMethod(nameof(ObjectMember<int>.ValidateDefault))!;
            body.Add(setters[i]!.CanRead
                ? Expression.IfThenElse(present, Expression.Assign(property, ReadMember(i)), Expression.Call(Expression.Constant(members[i]), validateDefault, property, context))
                : Expression.IfThen(present, Expression.Assign(property, ReadMember(i))));
        }

        body.Add(instance);
        return Expression.Lambda<Func<int[], RequestContext, T>>(Expression.Block([instance], body), found, context).Compile();
    }
}