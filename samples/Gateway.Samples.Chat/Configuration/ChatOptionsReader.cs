using System.Net;
using System.Text;

using Microsoft.Extensions.Configuration;

using StackExchange.Redis;

namespace Gateway.Samples.Chat.Configuration;

/// <summary>
/// Reads and validates the <c>Chat</c> section. It reads keys one by one instead of using the binder so that each
/// error names the exact key and the value it expected.
/// </summary>
internal static class ChatOptionsReader
{
    private const int MinimumSecretBytes = 32;

    /// <summary>Reads <paramref name="configuration"/>; throws <see cref="ChatOptionsException"/> naming the first bad key.</summary>
    /// <param name="configuration">The whole configuration (the <c>Chat</c> section is looked up inside).</param>
    /// <param name="currentDirectory">What a relative <c>Chat:DataDirectory</c> is relative to.</param>
    public static ChatOptions Read(IConfiguration configuration, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var listen = NonEmpty(configuration, "Chat:Listen") ?? ChatOptions.DefaultListen;
        var (httpUri, unixPath) = ParseListen(listen);

        var dataDirectory = Path.GetFullPath(NonEmpty(configuration, "Chat:DataDirectory") ?? ChatOptions.DefaultDataDirectory, currentDirectory);

        var providerText = NonEmpty(configuration, "Chat:Database:Provider") ?? "sqlite";
        var provider = providerText.ToUpperInvariant() switch
        {
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" => DatabaseProvider.Postgres,
            _ => throw new ChatOptionsException("Chat:Database:Provider", $"expected 'sqlite' or 'postgres', got '{providerText}'."),
        };
        var connectionString = NonEmpty(configuration, "Chat:Database:ConnectionString");
        if (provider == DatabaseProvider.Postgres && connectionString is null)
        {
            throw new ChatOptionsException("Chat:Database:ConnectionString", "required when Chat:Database:Provider is 'postgres'.");
        }

        byte[]? secret = null;
        if (NonEmpty(configuration, "Chat:Jwt:Secret") is { } secretText)
        {
            secret = Encoding.UTF8.GetBytes(secretText);
            if (secret.Length < MinimumSecretBytes)
            {
                // The value itself is never echoed: it is a secret even when it is a bad one.
                throw new ChatOptionsException("Chat:Jwt:Secret", $"must be at least {MinimumSecretBytes} bytes of UTF-8, got {secret.Length}.");
            }
        }

        var origins = ReadOrigins(configuration, httpUri);
        var redis = ReadRedis(configuration);
        var proxies = ReadTrustedProxies(configuration);

        return new ChatOptions
        {
            Listen = listen,
            HttpListenUri = httpUri,
            UnixSocketPath = unixPath,
            DataDirectory = dataDirectory,
            DatabaseProvider = provider,
            DatabaseConnectionString = connectionString,
            JwtSecret = secret,
            AllowedOrigins = origins,
            Redis = redis,
            TrustedProxies = proxies ?? new ChatOptions().TrustedProxies,
        };
    }

    private static string? NonEmpty(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static string? ReadRedis(IConfiguration configuration)
    {
        const string Key = "Chat:Redis";
        if (NonEmpty(configuration, Key) is not { } value)
        {
            return null;
        }

        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(value);
        }
        catch (ArgumentException exception)
        {
            // StackExchange.Redis names the bad option; the value is not echoed, it may hold a password.
            throw new ChatOptionsException(Key, $"not a Redis configuration string ('host:port[,password=...]'): {exception.Message}");
        }

        if (parsed.EndPoints.Count == 0)
        {
            throw new ChatOptionsException(Key, "names no endpoint; expected 'host:port[,option=value...]'.");
        }

        return value;
    }

    // Null when the key is absent (the default applies); "none" (or an empty list) trusts no proxy at all.
    private static IPNetwork[]? ReadTrustedProxies(IConfiguration configuration)
    {
        const string Key = "Chat:TrustedProxies";
        var values = ReadList(configuration, Key);
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1 && values[0].Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var networks = new IPNetwork[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (IPNetwork.TryParse(value, out var network))
            {
                networks[i] = network;
            }
            else if (IPAddress.TryParse(value, out var address))
            {
                networks[i] = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }
            else
            {
                throw new ChatOptionsException(Key, $"'{value}' is not an IP address or a CIDR network such as '10.0.0.0/8'; use 'none' to trust no proxy.");
            }
        }

        return networks;
    }

    // An array (JSON) or one comma-separated value (environment variable, argument).
    private static List<string> ReadList(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = new List<string>();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            values.AddRange(section.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                values.Add(child.Value.Trim());
            }
        }

        return values;
    }

    private static (Uri? Http, string? UnixPath) ParseListen(string listen)
    {
        if (listen.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = listen["unix:".Length..];
            if (path.Length == 0 || !Path.IsPathRooted(path))
            {
                throw new ChatOptionsException("Chat:Listen", $"a unix: address needs an absolute socket path, as in 'unix:/run/chat.sock'; got '{listen}'.");
            }

            return (null, path);
        }

        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || uri.Port <= 0)
        {
            throw new ChatOptionsException("Chat:Listen", $"expected 'http://host:port' or 'unix:/path'; got '{listen}'.");
        }

        return (uri, null);
    }

    private static string[] ReadOrigins(IConfiguration configuration, Uri? httpUri)
    {
        const string Key = "Chat:AllowedOrigins";
        var values = ReadList(configuration, Key);

        if (values.Count == 0)
        {
            // A unix: listener has no origin of its own; browsers then need an explicit list.
            return httpUri is null ? [] : [httpUri.GetLeftPart(UriPartial.Authority)];
        }

        var origins = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (!Uri.TryCreate(value, UriKind.Absolute, out var origin) || (origin.Scheme != Uri.UriSchemeHttp && origin.Scheme != Uri.UriSchemeHttps)
                || origin.AbsolutePath != "/" || value.EndsWith('/'))
            {
                throw new ChatOptionsException(Key, $"'{value}' is not an origin; expected 'scheme://host[:port]' with no path.");
            }

            origins[i] = origin.GetLeftPart(UriPartial.Authority);
        }

        return origins;
    }
}