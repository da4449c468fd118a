using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;

using Gateway.Validation.Generators.Diagnostics;
using Gateway.Validation.Generators.Model;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Gateway.Validation.Generators.Analysis
{
    /// <summary>
    /// Decides whether one <c>Map*</c> call can be intercepted and, if so, describes its handler as C# text. The rule is
    /// conservative: anything the generated code could not reproduce exactly (a handler that is not a lambda or method
    /// group, a by-reference parameter, an attribute argument it cannot write, a type it cannot name) leaves the call on
    /// the reflection path with a diagnostic saying why, never with code that might bind differently.
    /// </summary>
    internal static class HandlerCallAnalyzer
    {
        public const string ExtensionsType = "Gateway.Routing.HandlerRouteExtensions";
        public const string ValidationAssembly = "Gateway.Validation";

        private static readonly HashSet<string> MapMethods = new()
        {
            "MapGet", "MapPost", "MapPut", "MapPatch", "MapDelete", "MapHandler", "MapWebSocket",
        };

        /// <summary>A cheap syntactic filter: a call of a member named like one of the intercepted methods.</summary>
        public static bool IsCandidate(SyntaxNode node) =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: var name } }
            && (name is IdentifierNameSyntax && MapMethods.Contains(name.Identifier.ValueText)
                || name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } && DeclaringMethods.Contains(name.Identifier.ValueText));

        /// <summary>Generic calls that name a type whose model the runtime needs without reflection: the interceptor
        /// declares the model, then makes the call.</summary>
        private static readonly HashSet<string> DeclaringMethods = new() { "Produces", "ReceiveJsonAsync", "ReceiveJsonMessagesAsync" };

        public const string WebSocketType = "Gateway.Routing.WebSocketConnection";

        /// <summary>The routing extension declaring a response type for documentation; its calls are intercepted to declare
        /// the type's model, so that OpenAPI describes it without reflection.</summary>
        public const string DocumentationType = "Gateway.Routing.RouteDocumentation";

        public static CallAnalysis? Analyze(GeneratorSyntaxContext context, CancellationToken cancellationToken) =>
            Analyze(context.SemanticModel, (InvocationExpressionSyntax)context.Node, cancellationToken);

        /// <summary>Analyzes one call: null when it is not a call of an intercepted method, else the call to intercept or
        /// the diagnostic saying why not.</summary>
        public static CallAnalysis? Analyze(SemanticModel semanticModel, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
        {
            if (semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
            {
                return null;
            }

            var target = operation.TargetMethod;
            if (target.IsGenericMethod && DeclaringMethods.Contains(target.Name)
                && target.ContainingType?.ToDisplayString() == (target.Name == "Produces" ? DocumentationType : WebSocketType))
            {
                return AnalyzeProduces(semanticModel, invocation, target, cancellationToken);
            }

            if (!MapMethods.Contains(target.Name) || target.ContainingType?.ToDisplayString() != ExtensionsType
                || target.ContainingAssembly?.Name != ValidationAssembly)
            {
                return null;
            }

            IOperation? handlerArgument = null;
            foreach (var argument in operation.Arguments)
            {
                if (argument.Parameter?.Name == "handler")
                {
                    handlerArgument = argument.Value;
                }
            }

            if (handlerArgument is null)
            {
                return null;
            }

            var handlerLocation = handlerArgument.Syntax.GetLocation();
            var method = HandlerMethod(handlerArgument, out var boundExtension, out var delegateType);
            if (method is null)
            {
                return Fail(GeneratorDiagnostics.HandlerNotInterceptable, handlerLocation, target.Name);
            }

            // An extension method group bound to a receiver ("text".Greet) has one parameter fewer than the method: its
            // delegate type is not the method's signature.
            if (method.IsGenericMethod || boundExtension || method.ReducedFrom is not null || method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                var why = method.IsGenericMethod ? "is a generic method" : method.ReturnsByRef || method.ReturnsByRefReadonly ? "returns by reference" : "is an extension method bound to a receiver";
                return Fail(GeneratorDiagnostics.HandlerShapeNotSupported, handlerLocation, why);
            }

            var compilation = semanticModel.Compilation;
            string returnType;
            var anonymous = method.ReturnsVoid ? null : AnonymousResult(method.ReturnType, compilation);
            if (method.ReturnsVoid)
            {
                returnType = "void";
            }
            else if (anonymous is not null)
            {
                returnType = method.ReturnType.ToDisplayString(CSharpLiterals.TypeFormat);
            }
            else if (!TypeNames.CanName(method.ReturnType, compilation, out var returnReason))
            {
                return Fail(GeneratorDiagnostics.TypeNotNameable, handlerLocation, method.ReturnType.ToDisplayString(), returnReason);
            }
            else
            {
                returnType = method.ReturnType.ToDisplayString(CSharpLiterals.TypeFormat);
            }

            var writer = new ModelWriter(compilation);
            var warnings = ImmutableArray.CreateBuilder<DiagnosticInfo>();
            var parameters = ImmutableArray.CreateBuilder<HandlerParameterModel>(method.Parameters.Length);
            foreach (var parameter in method.Parameters)
            {
                var parameterLocation = parameter.Locations.Length > 0 && parameter.Locations[0].IsInSource ? parameter.Locations[0] : handlerLocation;
                var (model, failure) = DescribeParameter(parameter, compilation, parameterLocation, writer, warnings);
                if (failure is not null)
                {
                    return new CallAnalysis(null, failure);
                }

                parameters.Add(model!);
            }

#pragma warning disable RSEXPERIMENTAL002 // Interceptable locations are the documented way to name a call site.
            var location = semanticModel.GetInterceptableLocation(invocation, cancellationToken);
#pragma warning restore RSEXPERIMENTAL002
            if (location is null)
            {
                return Fail(GeneratorDiagnostics.HandlerShapeNotSupported, handlerLocation, "is passed at a call site the compiler cannot intercept");
            }

            // A named delegate type (Func<...>, Action<...>, a custom one) is cast to directly; an anonymous one (a lambda
            // with default values, a params array, more than 16 parameters) cannot be named, and is matched by the shape
            // of a lambda with the same signature instead.
            // A lambda returning an anonymous type is matched by shape too (its Func<..., anonymous> cannot be spelled).
            var castType = anonymous is null && delegateType is INamedTypeSymbol { TypeKind: TypeKind.Delegate, IsAnonymousType: false } named
                && TypeNames.CanName(named, compilation, out _)
                ? named.ToDisplayString(CSharpLiterals.TypeFormat)
                : string.Empty;
            var declarations = new List<string>();
            var result = string.Empty;
            if (!method.ReturnsVoid)
            {
                writer.ClearFailure();
                result = writer.Return(method.ReturnType, declarations);
                if (writer.Failure is { } why)
                {
                    warnings.Add(DiagnosticInfo.Create(GeneratorDiagnostics.TypeNotModelled, handlerLocation, method.ReturnType.ToDisplayString(), why));
                }
            }

            var witness = string.Empty;
            if (anonymous is not null)
            {
                // The anonymous type cannot be spelled, but an anonymous object creation with the same member names, types and
                // order is the same type in the same assembly: the interceptor becomes generic over it, inferred from a
                // witness lambda that is never called.
                var spelled = anonymous.ToDisplayString(CSharpLiterals.TypeFormat);
                witness = "static () => " + Witness(anonymous);
                returnType = returnType.Replace(spelled, AnonymousTypeParameter);
                result = result.Replace(spelled, AnonymousTypeParameter);
            }

            var signature = new HandlerSignature(target.Name, returnType, castType, new EquatableArray<HandlerParameterModel>(parameters.MoveToImmutable()),
                result, new EquatableArray<string>(declarations.ToImmutableArray()), new EquatableArray<string>(writer.Methods.ToImmutableArray()))
            {
                AnonymousWitness = witness,
            };
            return new CallAnalysis(new InterceptedCall(target.Name, location.GetInterceptsLocationAttributeSyntax(), signature), null,
                new EquatableArray<DiagnosticInfo>(warnings.ToImmutable()));
        }

        /// <summary>The type parameter standing for an anonymous result type in a generic interceptor.</summary>
        public const string AnonymousTypeParameter = "__TAnonymous";

        /// <summary>The anonymous type a handler returns (itself, or awaited from a <c>Task</c> or <c>ValueTask</c>) when
        /// generated code can build a witness of it: every member's type can be named, or is such an anonymous type.</summary>
        private static INamedTypeSymbol? AnonymousResult(ITypeSymbol returnType, Compilation compilation)
        {
            var type = returnType;
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                && generic.OriginalDefinition.ToDisplayString() is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>")
            {
                type = generic.TypeArguments[0];
            }

            return type is INamedTypeSymbol { IsAnonymousType: true } anonymous && CanWitness(anonymous, compilation, 0) ? anonymous : null;
        }

        private static bool CanWitness(INamedTypeSymbol anonymous, Compilation compilation, int depth) =>
            depth < 8 && anonymous.GetMembers().OfType<IPropertySymbol>().All(p =>
                p.Type is INamedTypeSymbol { IsAnonymousType: true } inner ? CanWitness(inner, compilation, depth + 1) : TypeNames.CanName(p.Type, compilation, out _));

        /// <summary><c>new { id = default(int), q = default(string) }</c>: an expression of the anonymous type.</summary>
        private static string Witness(INamedTypeSymbol anonymous) =>
            "new { " + string.Join(", ", anonymous.GetMembers().OfType<IPropertySymbol>().Select(p => CSharpLiterals.Identifier(p.Name) + " = "
                + (p.Type is INamedTypeSymbol { IsAnonymousType: true } inner
                    ? Witness(inner)
                    : "default(" + p.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString(CSharpLiterals.TypeFormat) + ")!"))) + " }";

        /// <summary>The handler's method, and the type of the delegate created from it: the lambda's or method group's
        /// natural type, or the delegate type the source casts it to (which the generated code must cast to as well).</summary>
        private static IMethodSymbol? HandlerMethod(IOperation value, out bool boundExtension, out ITypeSymbol? delegateType)
        {
            boundExtension = false;
            delegateType = null;
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        value = parenthesized.Operand;
                        continue;
                    case IDelegateCreationOperation creation:
                        delegateType = creation.Type;
                        value = creation.Target;
                        continue;
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case IMethodReferenceOperation reference:
                        boundExtension = reference.Method.IsExtensionMethod && reference.Instance is not null;
                        return reference.Method;
                    default:
                        return null;
                }
            }
        }

        private static (HandlerParameterModel? Model, DiagnosticInfo? Failure) DescribeParameter(IParameterSymbol parameter, Compilation compilation, Location location,
            ModelWriter writer, ImmutableArray<DiagnosticInfo>.Builder warnings)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return (null, DiagnosticInfo.Create(GeneratorDiagnostics.ParameterNotSupported, location, parameter.Name, "is passed by reference"));
            }

            if (parameter.Type.IsRefLikeType)
            {
                return (null, DiagnosticInfo.Create(GeneratorDiagnostics.ParameterNotSupported, location, parameter.Name, "is a ref struct"));
            }

            if (!TypeNames.CanName(parameter.Type, compilation, out var reason))
            {
                return (null, DiagnosticInfo.Create(GeneratorDiagnostics.TypeNotNameable, location, parameter.Type.ToDisplayString(), reason));
            }

            var type = parameter.Type.ToDisplayString(CSharpLiterals.TypeFormat);
            var isNullable = parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                || (!parameter.Type.IsValueType && parameter.NullableAnnotation == NullableAnnotation.Annotated);

            var declaration = string.Empty;
            var value = "null";
            if (parameter.HasExplicitDefaultValue)
            {
                var defaultValue = parameter.ExplicitDefaultValue;
                if (defaultValue is null)
                {
                    // null for a reference or nullable type, default(T) for any other struct: reflection reports null for both.
                    declaration = parameter.Type.IsValueType && parameter.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? " = default" : " = null";
                }
                else
                {
                    var valueType = parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                        ? ((INamedTypeSymbol)parameter.Type).TypeArguments[0]
                        : parameter.Type;
                    var literal = CSharpLiterals.Typed(defaultValue, valueType);
                    if (literal is null)
                    {
                        return (null, DiagnosticInfo.Create(GeneratorDiagnostics.ParameterNotSupported, location, parameter.Name, "has a default value the generator cannot write"));
                    }

                    declaration = " = " + literal;
                    value = "(object)" + literal;
                }
            }

            var attributes = ImmutableArray.CreateBuilder<string>();
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is not { } attributeClass || !AttributeKinds.IsReadByBinding(attributeClass))
                {
                    continue;
                }

                var written = TypeNames.CanName(attributeClass, compilation, out _) ? CSharpLiterals.Attribute(attribute) : null;
                if (written is null)
                {
                    return (null, DiagnosticInfo.Create(GeneratorDiagnostics.AttributeNotSupported, location, attributeClass.ToDisplayString(), parameter.Name));
                }

                attributes.Add(written);
            }

            var binding = Binding(parameter, isNullable, writer, location, warnings);
            var model = new HandlerParameterModel(CSharpLiterals.Identifier(parameter.Name), type, parameter.HasExplicitDefaultValue, declaration, value,
                isNullable, parameter.IsParams, new EquatableArray<string>(attributes.ToImmutable()), binding);
            return (model, null);
        }

        // Produces<T>(status), ReceiveJsonAsync<T>(), ReceiveJsonMessagesAsync<T>(): the interceptor declares T's model,
        // then makes the call.
        private static CallAnalysis? AnalyzeProduces(SemanticModel semanticModel, InvocationExpressionSyntax invocation, IMethodSymbol target, CancellationToken cancellationToken)
        {
            var type = target.TypeArguments[0];
            var location = invocation.GetLocation();
            var writer = new ModelWriter(semanticModel.Compilation);
            var model = TypeNames.CanName(type, semanticModel.Compilation, out _) ? writer.Model(type, false, "m") : null;
            if (model is null)
            {
                return new CallAnalysis(null, DiagnosticInfo.Create(GeneratorDiagnostics.TypeNotModelled, location, type.ToDisplayString(), writer.Failure ?? "it cannot be named from generated code"));
            }

#pragma warning disable RSEXPERIMENTAL002 // Interceptable locations are the documented way to name a call site.
            var interceptable = semanticModel.GetInterceptableLocation(invocation, cancellationToken);
#pragma warning restore RSEXPERIMENTAL002
            if (interceptable is null)
            {
                return null;
            }

            var name = ModelWriter.Name(type);
            var declaration = ModelWriter.Generated + "GeneratedModels.Declare<" + name + ">(static m => " + model + ");";
            var signature = new HandlerSignature(target.Name, name, string.Empty, default, string.Empty,
                new EquatableArray<string>(ImmutableArray.Create(declaration)), new EquatableArray<string>(writer.Methods.ToImmutableArray()));
            return new CallAnalysis(new InterceptedCall(target.Name, interceptable.GetInterceptsLocationAttributeSyntax(), signature), null);
        }

        private static readonly HashSet<string> SpecialTypes = new()
        {
            "global::Gateway.Scope", "global::System.Threading.CancellationToken", "global::Gateway.Receive", "global::Gateway.Send",
            "global::Gateway.Routing.Request", "global::System.IServiceProvider", "global::Gateway.Routing.WebSocketConnection",
        };

        /// <summary>The expression describing the parameter type's text parser, text array and JSON model. Types the
        /// runtime binds without them (special types, services and state by attribute) get none; a type the generator
        /// cannot model gets no model and a GWV006 diagnostic (a body of that type fails when the handler is mapped).</summary>
        private static string Binding(IParameterSymbol parameter, bool isNullable, ModelWriter writer, Location location, ImmutableArray<DiagnosticInfo>.Builder warnings)
        {
            var type = parameter.Type;
            var name = ModelWriter.Name(type);
            var typeName = type.ToDisplayString(CSharpLiterals.TypeFormat);
            var isCollection = ModelWriter.TryGetElement(type, out _, out _) || ModelWriter.TryGetDictionaryValue(type, out _, out _);
            var describe = ModelWriter.Generated + "GeneratedBinding.Describe<" + typeName + ">(";
            var source = ExplicitSource(parameter);
            if (SpecialTypes.Contains(name) || source is "FromServicesAttribute" or "FromStateAttribute")
            {
                return describe + "null, null, null, " + (isCollection ? "true" : "false") + ")";
            }

            var text = ModelWriter.TextParser(type) ?? "null";
            var textArray = ModelWriter.TextArray(type) ?? "null";
            var model = "null";
            if (source is null or "FromBodyAttribute" || (text == "null" && textArray == "null"))
            {
                writer.ClearFailure();
                var written = writer.Model(type, isNullable && !type.IsValueType, "m");
                if (written is not null)
                {
                    model = "static m => " + written;
                }
                else
                {
                    warnings.Add(DiagnosticInfo.Create(GeneratorDiagnostics.TypeNotModelled, location, type.ToDisplayString(), writer.Failure ?? "it cannot be modelled"));
                }
            }

            return describe + text + ", " + textArray + ", " + model + ", " + (isCollection ? "true" : "false") + ")";
        }

        private static string? ExplicitSource(IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass && attributeClass.AllInterfaces.Any(i => i.ToDisplayString() == "Gateway.Validation.IBindingSourceAttribute"))
                {
                    return attributeClass.Name;
                }
            }

            return null;
        }

        private static CallAnalysis Fail(DiagnosticDescriptor descriptor, Location location, string argument0, string argument1 = "") =>
            new(null, DiagnosticInfo.Create(descriptor, location, argument0, argument1));
    }
}
