using System.Diagnostics.CodeAnalysis;

namespace Gateway.Validation.Handlers;

/// <summary>
/// The feature switch that guards the reflection path. Handlers the source generator described bring every model, text
/// parser and result writer typed; only handlers mapped without it (and types nobody declared) need reflection. Trimmed
/// and Native AOT publishing turns the switch off (the package's build/Gateway.Validation.props sets it), so the trimmer
/// removes the reflection path and the analyzers accept the guarded calls; reaching it then throws, naming the type.
/// </summary>
internal static class ValidationFeatures
{
    public const string ReflectionSwitch = "Gateway.Validation.IsReflectionSupported";

    /// <summary>Whether handlers and models may be planned by reflection and compiled expressions (true unless the app is
    /// trimmed or published Native AOT).</summary>
    [FeatureSwitchDefinition(ReflectionSwitch)]
    [FeatureGuard(typeof(RequiresUnreferencedCodeAttribute))]
    [FeatureGuard(typeof(RequiresDynamicCodeAttribute))]
    public static bool IsReflectionSupported { get; } = !AppContext.TryGetSwitch(ReflectionSwitch, out var enabled) || enabled;

    /// <summary>The error for a type that generated code did not describe, when reflection is off.</summary>
    public static InvalidOperationException NotDescribed(Type type, string what) => new(
        $"The {what} of {type} was not described at compile time and this app cannot reflect ({ReflectionSwitch} is false, as in trimmed and Native AOT apps). "
        + "Map the handler with a lambda or method group so that Gateway.Validation's source generator describes it (see the GWV diagnostics).");
}