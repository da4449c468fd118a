using System.Collections.Generic;
using System.Linq;
using System.Text;

using Microsoft.CodeAnalysis;

namespace Gateway.Validation.Generators.Analysis
{
    /// <summary>
    /// Writes, for the types one handler can need, the typed code that builds their runtime pieces: text parsers
    /// (Text/TextParser.Create), JSON models (Json/ModelCatalog.Build and BuildObject) and result writers
    /// (Handlers/ResultExecutors.Create), taking each decision those take by reflection, in the same order, from Roslyn
    /// symbols. Decisions that depend on the JSON options (a converter in the options, the naming policy,
    /// case-insensitivity) are left to the runtime, which takes them as the reflection path does.
    /// A model that needs a cache entry (everything but nullable references, collections and dictionaries) is a static
    /// method <c>__Model_*</c>, so recursive types call themselves and the runtime hands back the model being built.
    /// </summary>
    internal sealed class ModelWriter
    {
        public const string Generated = "global::Gateway.Validation.Generated.";
        private const int MaxTypes = 256;

        private static readonly HashSet<string> IntegerTypes = new()
        {
            "int", "long", "short", "byte", "sbyte", "uint", "ulong", "ushort", "global::System.Int128", "global::System.UInt128", "nint", "nuint",
        };

        private static readonly HashSet<string> FloatTypes = new() { "double", "float", "decimal", "global::System.Half" };

        private static readonly HashSet<string> ListDefinitions = new()
        {
            "System.Collections.Generic.List<T>", "System.Collections.Generic.IEnumerable<T>", "System.Collections.Generic.ICollection<T>",
            "System.Collections.Generic.IList<T>", "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IReadOnlyList<T>",
        };

        private static readonly HashSet<string> SetDefinitions = new()
        {
            "System.Collections.Generic.HashSet<T>", "System.Collections.Generic.ISet<T>", "System.Collections.Generic.IReadOnlySet<T>",
        };

        private static readonly HashSet<string> DictionaryDefinitions = new()
        {
            "System.Collections.Generic.Dictionary<TKey, TValue>", "System.Collections.Generic.IDictionary<TKey, TValue>",
            "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>",
        };

        private readonly Compilation _compilation;
        private readonly Dictionary<string, string> _methods = new();
        private readonly HashSet<string> _building = new();

        public ModelWriter(Compilation compilation) => _compilation = compilation;

        /// <summary>The helper methods written so far (model builders and accessors), each a complete member.</summary>
        public IEnumerable<string> Methods => _methods.Values;

        /// <summary>Why the last model could not be written, or null (see <see cref="ClearFailure"/>).</summary>
        public string? Failure { get; private set; }

        /// <summary>Forgets the last failure, before writing the models of another parameter or return type.</summary>
        public void ClearFailure() => Failure = null;

        public static string Name(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(CSharpLiterals.TypeFormat);

        // ---- text parsers (TextParser.Create) ----

        /// <summary>The expression creating <paramref name="type"/>'s text parser, or null when it is not read from text.</summary>
        public static string? TextParser(ITypeSymbol type)
        {
            var name = Name(type);
            if (IsNullableValue(type, out var underlying))
            {
                var inner = TextParser(underlying);
                return inner is null ? null : Generated + "GeneratedText.ForNullable<" + Name(underlying) + ">(" + inner + ")";
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return Generated + "GeneratedText.ForString()";
                case SpecialType.System_Boolean:
                    return Generated + "GeneratedText.ForBoolean()";
                default:
                    break;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return Generated + "GeneratedText.ForEnum<" + name + ">()";
            }

            if (IntegerTypes.Contains(name))
            {
                return Generated + "GeneratedText.ForInteger<" + name + ">()";
            }

            if (FloatTypes.Contains(name))
            {
                return Generated + "GeneratedText.ForFloat<" + name + ">()";
            }

            switch (name)
            {
                case "global::System.DateTime":
                    return Generated + "GeneratedText.ForDateTime()";
                case "global::System.DateTimeOffset":
                    return Generated + "GeneratedText.ForDateTimeOffset()";
                case "global::System.Uri":
                    return Generated + "GeneratedText.ForUri()";
                case "global::System.Guid" or "global::System.DateOnly" or "global::System.TimeOnly" or "global::System.TimeSpan":
                    return Generated + "GeneratedText.ForSpanParsable<" + name + ">()";
                default:
                    break;
            }

            if (IsSpanParsable(type))
            {
                return Generated + "GeneratedText.ForSpanParsable<" + name + ">()";
            }

            var tryParse = FindTryParse(type, out var withProvider);
            if (tryParse is null)
            {
                return null;
            }

            var call = withProvider ? name + ".TryParse(text, provider, out value)" : name + ".TryParse(text, out value)";
            return Generated + "GeneratedText.ForTryParse<" + name + ">(static (string text, global::System.IFormatProvider? provider, out " + name + " value) => "
                + (withProvider ? string.Empty : "{ _ = provider; return ") + call + (withProvider ? string.Empty : "; }") + ")";
        }

        private static bool IsSpanParsable(ITypeSymbol type)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.OriginalDefinition.ToDisplayString() == "System.ISpanParsable<TSelf>"
                    && SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
                {
                    return true;
                }
            }

            return false;
        }

        // A public static bool TryParse(string, IFormatProvider, out T), else TryParse(string, out T), declared on the type.
        private static IMethodSymbol? FindTryParse(ITypeSymbol type, out bool withProvider)
        {
            IMethodSymbol? plain = null;
            foreach (var member in type.GetMembers("TryParse"))
            {
                if (member is not IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, IsGenericMethod: false } method
                    || method.ReturnType.SpecialType != SpecialType.System_Boolean)
                {
                    continue;
                }

                var parameters = method.Parameters;
                var last = parameters.Length > 0 ? parameters[parameters.Length - 1] : null;
                if (last is null || last.RefKind is not (RefKind.Out or RefKind.Ref) || !SymbolEqualityComparer.Default.Equals(last.Type, type)
                    || parameters[0].Type.SpecialType != SpecialType.System_String || parameters[0].RefKind != RefKind.None)
                {
                    continue;
                }

                if (parameters.Length == 3 && parameters[1].RefKind == RefKind.None && parameters[1].Type.ToDisplayString() == "System.IFormatProvider"
                    && last.RefKind == RefKind.Out)
                {
                    withProvider = true;
                    return method;
                }

                if (parameters.Length == 2 && last.RefKind == RefKind.Out)
                {
                    plain = method;
                }
            }

            withProvider = false;
            return plain;
        }

        // ---- collections (CollectionShape) ----

        /// <summary>The element of an array, list or set type read from a JSON array, with the collection factory.</summary>
        public static bool TryGetElement(ITypeSymbol type, out ITypeSymbol element, out string create)
        {
            if (type is IArrayTypeSymbol { IsSZArray: true } array)
            {
                element = array.ElementType;
                create = "static list => list.ToArray()";
                return true;
            }

            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
            {
                var definition = named.OriginalDefinition.ToDisplayString();
                if (ListDefinitions.Contains(definition))
                {
                    element = named.TypeArguments[0];
                    create = "static list => list";
                    return true;
                }

                if (SetDefinitions.Contains(definition))
                {
                    element = named.TypeArguments[0];
                    create = "static list => new global::System.Collections.Generic.HashSet<" + Name(element) + ">(list)";
                    return true;
                }
            }

            element = null!;
            create = string.Empty;
            return false;
        }

        public static bool TryGetDictionaryValue(ITypeSymbol type, out ITypeSymbol value, out bool isConcrete)
        {
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } named && named.TypeArguments[0].SpecialType == SpecialType.System_String)
            {
                var definition = named.OriginalDefinition.ToDisplayString();
                if (DictionaryDefinitions.Contains(definition))
                {
                    value = named.TypeArguments[1];
                    isConcrete = definition == "System.Collections.Generic.Dictionary<TKey, TValue>";
                    return true;
                }
            }

            value = null!;
            isConcrete = false;
            return false;
        }

        /// <summary>The expression creating the text array description of a collection of values read from text, or null.</summary>
        public static string? TextArray(ITypeSymbol type)
        {
            if (!TryGetElement(type, out var element, out var create) || TextParser(element) is not { } parser)
            {
                return null;
            }

            return Generated + "GeneratedBinding.TextArray<" + Name(element) + ", " + Name(type) + ">(" + parser + ", " + create + ")";
        }

        // ---- JSON models (ModelCatalog.Build) ----

        /// <summary>The expression (of the GeneratedModels variable <paramref name="models"/>) building the model of
        /// <paramref name="type"/> as a value that may be null when <paramref name="nullable"/>; null with
        /// <see cref="Failure"/> set when the type cannot be modelled at compile time.</summary>
        public string? Model(ITypeSymbol type, bool nullable, string models)
        {
            if (!TypeNames.CanName(type, _compilation, out var reason))
            {
                Failure ??= "its type " + type.ToDisplayString() + " cannot be named from generated code (" + reason + ")";
                return null;
            }

            if (type.IsRefLikeType || type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.TypeKind == TypeKind.Dynamic)
            {
                Failure ??= "it reaches the type " + type.ToDisplayString() + ", which generated code cannot model";
                return null;
            }

            var model = NotNullModel(type, models);
            if (model is null)
            {
                return null;
            }

            return nullable && !type.IsValueType ? models + ".ForNullableReference<" + Name(type) + ">(" + model + ")" : model;
        }

        private string? NotNullModel(ITypeSymbol type, string models)
        {
            // Collections and dictionaries are not cached (their elements' nullability is per use): written inline.
            if (!IsNullableValue(type, out _) && TypeKindOf(type) != ModelKind.Other && !IsCustomConverted(type))
            {
                return Inline(type, models);
            }

            var method = ModelMethod(type);
            return method is null ? null : method + "(" + models + ")";
        }

        private enum ModelKind
        {
            Other,
            Collection,
            Dictionary,
        }

        private static ModelKind TypeKindOf(ITypeSymbol type) =>
            TryGetElement(type, out _, out _) ? ModelKind.Collection : TryGetDictionaryValue(type, out _, out _) ? ModelKind.Dictionary : ModelKind.Other;

        private string? Inline(ITypeSymbol type, string models)
        {
            var name = Name(type);
            if (TryGetElement(type, out var element, out var create))
            {
                var elementModel = Model(element, IsAnnotated(element), models);
                return elementModel is null ? null : models + ".ForCollection<" + Name(element) + ", " + name + ">(" + elementModel + ", " + create + ")";
            }

            TryGetDictionaryValue(type, out var value, out var isConcrete);
            var valueModel = Model(value, IsAnnotated(value), models);
            if (valueModel is null)
            {
                return null;
            }

            var dictionary = models + ".ForDictionary<" + Name(value) + ">(" + valueModel + ", " + (isConcrete ? "true" : "false") + ")";
            return isConcrete ? dictionary : models + ".ForCast<global::System.Collections.Generic.Dictionary<string, " + Name(value) + ">, " + name + ">(" + dictionary + ")";
        }

        /// <summary>The name of the method building the cached model of <paramref name="type"/>, written on first use.</summary>
        private string? ModelMethod(ITypeSymbol type)
        {
            var name = Name(type);
            var method = "__Model_" + Identifier(name);
            if (_methods.ContainsKey(method) || _building.Contains(method))
            {
                return method;
            }

            if (_methods.Count >= MaxTypes)
            {
                Failure ??= "it reaches more than " + MaxTypes + " types";
                return null;
            }

            _building.Add(method);
            var body = ModelBody(type, name);
            _building.Remove(method);
            if (body is null)
            {
                return null;
            }

            _methods[method] = LengthSuppression(body) + "        private static " + Generated + "GeneratedModel<" + name + "> " + method + "(" + Generated + "GeneratedModels m) =>\n            " + body + ";\n";
            return method;
        }

        private string? ModelBody(ITypeSymbol type, string name)
        {
            if (IsNullableValue(type, out var underlying))
            {
                var inner = ModelMethod(underlying);
                return inner is null ? null : "m.ForNullable<" + Name(underlying) + ">(" + inner + ")";
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return "m.ForString()";
                case SpecialType.System_Boolean:
                    return "m.ForBoolean()";
                case SpecialType.System_Object:
                    return "m.ForSerializer<object>()";
                default:
                    break;
            }

            if (name == "global::System.Text.Json.JsonElement")
            {
                return "m.ForJsonElement()";
            }

            if (IsCustomConverted(type) || DerivesFrom(type, "System.Text.Json.Nodes.JsonNode"))
            {
                return "m.ForSerializer<" + name + ">()";
            }

            if (IntegerTypes.Contains(name))
            {
                return "m.ForInteger<" + name + ">()";
            }

            if (FloatTypes.Contains(name))
            {
                return "m.ForFloat<" + name + ">()";
            }

            if (TextParser(type) is { } parser)
            {
                return "m.ForText<" + name + ">(" + parser + ")";
            }

            if (TypeKindOf(type) != ModelKind.Other)
            {
                return Inline(type, "m");
            }

            if (type.IsAbstract || type.TypeKind == TypeKind.Interface || !(type.IsValueType || ChooseConstructor(type) is not null))
            {
                return "m.ForSerializer<" + name + ">()";
            }

            return ObjectBody((INamedTypeSymbol)type, name);
        }

        /// <summary>MinLength, MaxLength and Length require unreferenced code for their <c>IsValid</c> (it reads
        /// <c>Count</c> by reflection on types that are not collections); Gateway.Validation reads their lengths and checks
        /// them itself, never through <c>IsValid</c>, so code that only constructs them for it may say so.</summary>
        public static string LengthSuppression(string code) =>
            code.Contains("DataAnnotations.MaxLengthAttribute(") || code.Contains("DataAnnotations.MinLengthAttribute(") || code.Contains("DataAnnotations.LengthAttribute(")
                ? "        [global::System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage(\"Trimming\", \"IL2026\", Justification = \"Gateway.Validation reads the lengths of MinLength, MaxLength and Length and checks them itself; it never calls their IsValid, the member that reflects.\")]\n"
                : string.Empty;

        // ---- results (ResultExecutors.Create) ----

        /// <summary>The expression choosing how values of <paramref name="type"/> are written; the models of the types the
        /// handler says it returns are declared for OpenAPI in <paramref name="declarations"/> (unless they cannot be
        /// modelled: then <see cref="Failure"/> says why).</summary>
        public string Return(ITypeSymbol type, List<string> declarations)
        {
            var name = Name(type);
            var display = type.ToDisplayString(CSharpLiterals.TypeFormat);
            switch (name)
            {
                case "global::System.Threading.Tasks.Task":
                    return Generated + "GeneratedReturns.Task()";
                case "global::System.Threading.Tasks.ValueTask":
                    return Generated + "GeneratedReturns.ValueTask()";
                case "global::Gateway.GatewayApp":
                    return Generated + "GeneratedReturns.App()";
                case "string":
                    return Generated + "GeneratedReturns.Text()";
                default:
                    break;
            }

            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
            {
                var argument = generic.TypeArguments[0];
                var argumentName = argument.ToDisplayString(CSharpLiterals.TypeFormat);
                switch (generic.OriginalDefinition.ToDisplayString())
                {
                    case "System.Threading.Tasks.Task<TResult>":
                        return Generated + "GeneratedReturns.TaskOf<" + argumentName + ">(" + Return(argument, declarations) + ")";
                    case "System.Threading.Tasks.ValueTask<TResult>":
                        return Generated + "GeneratedReturns.ValueTaskOf<" + argumentName + ">(" + Return(argument, declarations) + ")";
                    case "System.Collections.Generic.IAsyncEnumerable<T>":
                        var array = _compilation.CreateArrayTypeSymbol(argument);
                        Declare(array, declarations);
                        return Generated + "GeneratedReturns.Stream<" + argumentName + ">()";
                    case "Gateway.Routing.JsonResponse<T>":
                        Declare(argument, declarations);
                        break;
                    default:
                        break;
                }
            }

            if (DerivesFrom(type, "Gateway.Routing.Response"))
            {
                return Generated + "GeneratedReturns.Response<" + display + ">()";
            }

            if (type.SpecialType != SpecialType.System_Object)
            {
                Declare(type, declarations);
            }

            return Generated + "GeneratedReturns.Json<" + display + ">()";
        }

        private void Declare(ITypeSymbol type, List<string> declarations)
        {
            var model = Model(type, false, "m");
            if (model is not null)
            {
                declarations.Add(Generated + "GeneratedModels.Declare<" + Name(type) + ">(static m => " + model + ");");
            }
        }

        // ---- objects (ModelCatalog.BuildObject, ObjectModel.Compile) ----

        private string? ObjectBody(INamedTypeSymbol type, string name)
        {
            var constructor = ChooseConstructor(type);
            var properties = PublicProperties(type);
            var matched = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
            var code = new StringBuilder();
            code.Append("m.ForObject<").Append(name).Append(">(static o =>\n            {\n");
            var index = 0;
            var arguments = new List<string>();
            foreach (var parameter in constructor?.Parameters ?? Enumerable.Empty<IParameterSymbol>())
            {
                if (parameter.RefKind != RefKind.None && parameter.RefKind != RefKind.In)
                {
                    Failure ??= "the constructor of " + type.ToDisplayString() + " takes a parameter by reference";
                    return null;
                }

                var property = properties.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase));
                if (property is not null)
                {
                    matched.Add(property);
                }

                var attributes = Attributes(parameter.GetAttributes(), type);
                var propertyAttributes = property is null ? new List<string>() : Attributes(property.GetAttributes(), type);
                if (attributes is null || propertyAttributes is null)
                {
                    return null;
                }

                attributes.AddRange(propertyAttributes);
                var nullable = IsNullable(parameter.Type, parameter.NullableAnnotation);
                string defaultValue = "null";
                if (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is { } value)
                {
                    var valueType = IsNullableValue(parameter.Type, out var underlying) ? underlying : parameter.Type;
                    var literal = CSharpLiterals.Typed(value, valueType);
                    if (literal is null)
                    {
                        Failure ??= "the default of " + type.ToDisplayString() + "'s constructor parameter '" + parameter.Name + "' cannot be written";
                        return null;
                    }

                    defaultValue = "(object)" + literal;
                }

                var model = Model(parameter.Type, nullable && !parameter.Type.IsValueType, "o.Models");
                if (model is null)
                {
                    return null;
                }

                var isRequired = !parameter.HasExplicitDefaultValue && !nullable;
                AppendMember(code, index, property?.Name ?? parameter.Name, parameter.Type, model, isRequired, nullable, parameter.HasExplicitDefaultValue, defaultValue, attributes);
                arguments.Add("r.Read(__m" + index + ")");
                index++;
            }

            var assignments = new StringBuilder();
            foreach (var property in properties)
            {
                if (matched.Contains(property) || property.SetMethod is not { DeclaredAccessibility: Accessibility.Public } setter
                    || property.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonIgnoreAttribute"))
                {
                    continue;
                }

                var attributes = Attributes(property.GetAttributes(), type);
                if (attributes is null)
                {
                    return null;
                }

                var nullable = IsNullable(property.Type, property.NullableAnnotation);
                var model = Model(property.Type, nullable && !property.Type.IsValueType, "o.Models");
                if (model is null)
                {
                    return null;
                }

                AppendMember(code, index, property.Name, property.Type, model, property.IsRequired, nullable, false, "null", attributes);
                var member = "__m" + index;
                var read = "r.Read(" + member + ")";
                var set = setter.IsInitOnly
                    ? Accessor(property, "set_" + property.Name, "void", Name(property.Type)) + "(" + (type.IsValueType ? "ref " : string.Empty) + "__v, " + read + ")"
                    : "__v." + CSharpLiterals.Identifier(property.Name) + " = " + read;
                if (property.GetMethod is { } getter)
                {
                    var get = getter.DeclaredAccessibility == Accessibility.Public
                        ? "__v." + CSharpLiterals.Identifier(property.Name)
                        : Accessor(property, "get_" + property.Name, Name(property.Type), null) + "(" + (type.IsValueType ? "ref " : string.Empty) + "__v)";
                    assignments.Append("                    if (r.IsPresent(").Append(member).Append(")) { ").Append(set).Append("; } else { r.ValidateDefault(")
                        .Append(member).Append(", ").Append(get).Append("); }\n");
                }
                else
                {
                    assignments.Append("                    if (r.IsPresent(").Append(member).Append(")) { ").Append(set).Append("; }\n");
                }

                index++;
            }

            // Required members would make 'new' refuse to compile without them; the accessor constructs as reflection does.
            string construct;
            var hasRequired = AllProperties(type).Any(p => p.IsRequired) && (constructor is null || !constructor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute"));
            if (constructor is null || type.IsValueType && constructor.Parameters.Length == 0)
            {
                construct = hasRequired ? ConstructorAccessor(type, constructor) + "()" : "new " + name + "()";
            }
            else
            {
                construct = (hasRequired ? ConstructorAccessor(type, constructor) : "new " + name) + "(" + string.Join(", ", arguments) + ")";
            }

            code.Append("                o.Create(r =>\n                {\n");
            code.Append("                    var __v = ").Append(construct).Append(";\n");
            code.Append(assignments);
            code.Append("                    return __v;\n                });\n            })");
            return code.ToString();
        }

        private static void AppendMember(StringBuilder code, int index, string name, ITypeSymbol type, string model, bool isRequired, bool nullable, bool hasDefault, string defaultValue, List<string> attributes)
        {
            code.Append("                var __m").Append(index).Append(" = o.Member<").Append(Name(type)).Append(">(\"").Append(name).Append("\", ").Append(model).Append(", ")
                .Append(isRequired ? "true" : "false").Append(", ").Append(nullable ? "true" : "false").Append(", ").Append(hasDefault ? "true" : "false").Append(", ")
                .Append(defaultValue);
            foreach (var attribute in attributes)
            {
                code.Append(", ").Append(attribute);
            }

            code.Append(");\n");
        }

        // UnsafeAccessor finds members on the declared type only: the property's own type is named.
        private string Accessor(IPropertySymbol property, string methodName, string returnType, string? valueType)
        {
            var type = property.ContainingType;
            // Named by what it reaches only, so that every handler that needs it writes the same member.
            var name = "__Access_" + Identifier(Name(type) + "." + methodName);
            var instance = (type.IsValueType ? "ref " : string.Empty) + Name(type) + " instance";
            _methods[name] = "        [global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = \"" + methodName + "\")]\n"
                + "        private static extern " + returnType + " " + name + "(" + instance + (valueType is null ? string.Empty : ", " + valueType + " value") + ");\n";
            return name;
        }

        private string ConstructorAccessor(INamedTypeSymbol type, IMethodSymbol? constructor)
        {
            var name = "__New_" + Identifier(Name(type) + "(" + string.Join(",", constructor?.Parameters.Select(p => Name(p.Type)) ?? Enumerable.Empty<string>()) + ")");
            var parameters = constructor is null ? string.Empty : string.Join(", ", constructor.Parameters.Select((p, i) => Name(p.Type) + " a" + i));
            _methods[name] = "        [global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Constructor)]\n"
                + "        private static extern " + Name(type) + " " + name + "(" + parameters + ");\n";
            return name;
        }

        /// <summary>The attributes models read (validation, description, secrecy, JSON name, JSON required) as object
        /// creation expressions, or null with <see cref="Failure"/> set.</summary>
        private List<string>? Attributes(IEnumerable<AttributeData> attributes, ITypeSymbol owner)
        {
            var written = new List<string>();
            foreach (var attribute in attributes)
            {
                if (attribute.AttributeClass is not { } attributeClass || !IsReadByModels(attributeClass))
                {
                    continue;
                }

                var text = TypeNames.CanName(attributeClass, _compilation, out _) ? CSharpLiterals.Attribute(attribute) : null;
                if (text is null)
                {
                    Failure ??= "the attribute " + attributeClass.ToDisplayString() + " on a member of " + owner.ToDisplayString() + " cannot be reproduced in generated code";
                    return null;
                }

                written.Add(text);
            }

            return written;
        }

        private static bool IsReadByModels(INamedTypeSymbol attribute)
        {
            var name = attribute.ToDisplayString();
            return name is "System.Text.Json.Serialization.JsonPropertyNameAttribute" or "System.Text.Json.Serialization.JsonRequiredAttribute"
                || AttributeKinds.IsReadByBinding(attribute);
        }

        // ModelCatalog.ChooseConstructor: [JsonConstructor], else the only public constructor that is not a copy
        // constructor, else the parameterless one, else the one with most parameters.
        private static IMethodSymbol? ChooseConstructor(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            var constructors = named.InstanceConstructors
                .Where(c => c.DeclaredAccessibility == Accessibility.Public && !(named.IsValueType && c.IsImplicitlyDeclared))
                .ToList();
            var marked = constructors.FirstOrDefault(c => c.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonConstructorAttribute"));
            if (marked is not null)
            {
                return marked;
            }

            var candidates = constructors.Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, named))).ToList();
            if (candidates.Count == 1)
            {
                return candidates[0];
            }

            var parameterless = candidates.FirstOrDefault(c => c.Parameters.Length == 0);
            if (parameterless is not null)
            {
                return parameterless;
            }

            IMethodSymbol? most = null;
            foreach (var candidate in candidates)
            {
                if (most is null || candidate.Parameters.Length > most.Parameters.Length)
                {
                    most = candidate;
                }
            }

            return most;
        }

        // Type.GetProperties(Public | Instance): the type's own, then its bases', an overridden one once; then, as
        // ModelCatalog.Unhidden does, without a base's property that a more derived public one hides with `new`.
        private static List<IPropertySymbol> PublicProperties(INamedTypeSymbol type)
        {
            var properties = AllProperties(type).Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsIndexer).ToList();
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            return properties.Where(p => seen.Add(p.Name)).ToList();
        }

        private static List<IPropertySymbol> AllProperties(INamedTypeSymbol type)
        {
            var result = new List<IPropertySymbol>();
            var overridden = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } property && !overridden.Contains(property))
                    {
                        result.Add(property);
                        for (var o = property.OverriddenProperty; o is not null; o = o.OverriddenProperty)
                        {
                            overridden.Add(o);
                        }
                    }
                }
            }

            return result;
        }

        // ModelCatalog.HasCustomConverter, the compile-time part: [JsonPolymorphic] on the type, [JsonConverter] on it or a
        // base (but a string enum converter on an enum, which the enum model reads already).
        private static bool IsCustomConverted(ITypeSymbol type)
        {
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Text.Json.Serialization.JsonPolymorphicAttribute"))
            {
                return true;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var attribute in current.GetAttributes())
                {
                    if (attribute.AttributeClass is not { } attributeClass || !DerivesFrom(attributeClass, "System.Text.Json.Serialization.JsonConverterAttribute"))
                    {
                        continue;
                    }

                    var converter = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
                    var converterName = converter?.OriginalDefinition.ToDisplayString();
                    return !(type.TypeKind == TypeKind.Enum && converterName is "System.Text.Json.Serialization.JsonStringEnumConverter"
                        or "System.Text.Json.Serialization.JsonStringEnumConverter<TEnum>");
                }
            }

            return false;
        }

        private static bool DerivesFrom(ITypeSymbol type, string baseName)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.ToDisplayString() == baseName)
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsNullableValue(ITypeSymbol type, out ITypeSymbol underlying)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } named)
            {
                underlying = named.TypeArguments[0];
                return true;
            }

            underlying = null!;
            return false;
        }

        private static bool IsNullable(ITypeSymbol type, NullableAnnotation annotation) =>
            IsNullableValue(type, out _) || (!type.IsValueType && annotation == NullableAnnotation.Annotated);

        private static bool IsAnnotated(ITypeSymbol type) => !type.IsValueType && type.NullableAnnotation == NullableAnnotation.Annotated;

        private static string Identifier(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name.Replace("global::", string.Empty))
            {
                builder.Append(char.IsLetterOrDigit(c) ? c : '_');
            }

            // Distinct types may sanitize alike (A.B_C and A_B.C): a hash of the full name keeps them apart.
            var hash = 2166136261u;
            foreach (var c in name)
            {
                hash = unchecked((hash ^ c) * 16777619u);
            }

            return builder.Append('_').Append(hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).ToString();
        }
    }
}
