using System.Security.Cryptography;

namespace Gateway.Samples.Chat.Auth;

/// <summary>
/// The HS256 signing key when none is configured: 64 random bytes kept in <c>jwt-secret</c> in the data directory
/// (owner read/write only on Unix) and reused on restart, so issued tokens survive a restart.
/// </summary>
internal static class JwtSecretStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "jwt-secret";

    private const int SecretBytes = 64;

    /// <summary>The configured secret if any, else the kept one, created on first use.</summary>
    public static byte[] LoadOrCreate(byte[]? configured, string dataDirectory)
    {
        if (configured is not null)
        {
            return configured;
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return Read(path);
        }

        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, so the file is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(secret));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
            return Read(path);
        }

        return secret;
    }

    private static byte[] Read(string path)
    {
        var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return secret.Length >= 32
            ? secret
            : throw new InvalidOperationException($"{path} holds a key shorter than 32 bytes; delete it to generate a new one.");
    }
}