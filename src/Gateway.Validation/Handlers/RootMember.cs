namespace Gateway.Validation.Handlers;

/// <summary>A member of the root JSON object, as the checking pass found it.</summary>
/// <param name="NameOffset">The offset of the name's opening quote.</param>
/// <param name="NameLength">The length of the name's bytes between the quotes, as written.</param>
/// <param name="NameIsEscaped">Whether the name has escapes (then it is compared by a reader, unescaped).</param>
/// <param name="ValueOffset">The offset of the value's first token.</param>
internal readonly record struct RootMember(int NameOffset, int NameLength, bool NameIsEscaped, int ValueOffset);