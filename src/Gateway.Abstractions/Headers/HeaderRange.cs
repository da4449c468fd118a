namespace Gateway;

/// <summary>Where one field's name and value sit in the byte array of a <see cref="Headers"/>.</summary>
internal readonly record struct HeaderRange(int NameStart, int NameLength, int ValueStart, int ValueLength);