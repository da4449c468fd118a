namespace Gateway.Samples.Chat.Configuration;

/// <summary>A configuration value is missing or malformed; the message names the key and what is expected.</summary>
internal sealed class ChatOptionsException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public ChatOptionsException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    /// <summary>The configuration key at fault, such as <c>Chat:Listen</c>.</summary>
    public string Key { get; }
}