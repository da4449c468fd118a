namespace Gateway.Validation.Generators.Model
{
    /// <summary>One <c>Map*</c> call the generator intercepts, and the handler's signature.</summary>
    /// <param name="MapMethod">The intercepted method: <c>MapGet</c>, <c>MapPost</c>, <c>MapPut</c>, <c>MapPatch</c>,
    /// <c>MapDelete</c>, <c>MapHandler</c> or <c>MapWebSocket</c>.</param>
    /// <param name="InterceptsLocation">The <c>[InterceptsLocation(...)]</c> attribute naming the call site.</param>
    /// <param name="Handler">The handler's signature.</param>
    internal sealed record InterceptedCall(string MapMethod, string InterceptsLocation, HandlerSignature Handler);

    /// <summary>A handler's return type and parameters; calls with equal signatures share one interceptor.</summary>
    /// <param name="MapMethod">The intercepted method.</param>
    /// <param name="ReturnType">The fully qualified return type, or <c>void</c>.</param>
    /// <param name="DelegateType">The fully qualified delegate type the handler is, or empty when that type is anonymous
    /// (then the emitted code infers it from a lambda of the same shape).</param>
    /// <param name="Parameters">The parameters, in declaration order.</param>
    /// <param name="Result">The expression choosing the result writer (a <c>GeneratedReturn&lt;T&gt;</c>), or empty for void.</param>
    /// <param name="Declarations">Statements declaring the models of the returned types (for OpenAPI).</param>
    /// <param name="Helpers">The model builder methods and accessors the expressions call, each a complete member.</param>
    internal sealed record HandlerSignature(string MapMethod, string ReturnType, string DelegateType, EquatableArray<HandlerParameterModel> Parameters,
        string Result, EquatableArray<string> Declarations, EquatableArray<string> Helpers)
    {
        public bool ReturnsVoid => ReturnType == "void";

        /// <summary>For a handler returning an anonymous type (or a task of one): a lambda creating a value of that type,
        /// from which the generic interceptor infers it; the type strings above name it by the type parameter
        /// <c>__TAnonymous</c>. Empty otherwise.</summary>
        public string AnonymousWitness { get; init; } = string.Empty;
    }
}
