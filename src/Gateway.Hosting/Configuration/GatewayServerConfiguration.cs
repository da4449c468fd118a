using System.Globalization;
using System.Net;

using Gateway.Server;

using Microsoft.Extensions.Configuration;

namespace Gateway.Hosting;

/// <summary>
/// Reads <see cref="GatewayServerOptions"/> from the <c>Gateway:Server</c> configuration section (appsettings.json,
/// environment variables such as <c>Gateway__Server__Listen</c>, the command line). Each key has one parser, listed in
/// a table; a value that does not parse, and a key that means nothing (a typo), fail start-up with the full key named.
/// Reflection-free, so it stays trimming- and AOT-safe.
/// </summary>
internal static class GatewayServerConfiguration
{
    public const string SectionName = "Gateway:Server";

    private static readonly Dictionary<string, Action<GatewayServerOptions, string>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RootPath"] = (o, v) => o.RootPath = v,
        ["ShutdownTimeout"] = (o, v) => o.ShutdownTimeout = Time(v),
        ["AddServerHeader"] = (o, v) => o.AddServerHeader = Bool(v),
        ["AccessLog"] = (o, v) => o.AccessLog = Bool(v),
        ["Lifespan"] = (o, v) => o.Lifespan = Enum.Parse<LifespanMode>(v, ignoreCase: true),
        ["Transport"] = (o, v) => o.Transport = Enum.Parse<ServerTransport>(v, ignoreCase: true),
        ["Limits:MaxRequestLineSize"] = (o, v) => o.Limits.MaxRequestLineSize = Int(v),
        ["Limits:MaxRequestHeadersTotalSize"] = (o, v) => o.Limits.MaxRequestHeadersTotalSize = Int(v),
        ["Limits:MaxRequestHeaderCount"] = (o, v) => o.Limits.MaxRequestHeaderCount = Int(v),
        ["Limits:MaxRequestBodySize"] = (o, v) => o.Limits.MaxRequestBodySize = NullableLong(v),
        ["Limits:MaxRequestBufferSize"] = (o, v) => o.Limits.MaxRequestBufferSize = Long(v),
        ["Limits:MaxResponseBufferSize"] = (o, v) => o.Limits.MaxResponseBufferSize = Long(v),
        ["Limits:RequestHeadersTimeout"] = (o, v) => o.Limits.RequestHeadersTimeout = Time(v),
        ["Limits:KeepAliveTimeout"] = (o, v) => o.Limits.KeepAliveTimeout = Time(v),
        ["Limits:MaxConcurrentConnections"] = (o, v) => o.Limits.MaxConcurrentConnections = NullableLong(v),
        ["Limits:MaxConcurrentUpgradedConnections"] = (o, v) => o.Limits.MaxConcurrentUpgradedConnections = NullableLong(v),
        ["Limits:ListenBacklog"] = (o, v) => o.Limits.ListenBacklog = Int(v),
        ["WebSockets:MaxMessageSize"] = (o, v) => o.WebSockets.MaxMessageSize = Long(v),
        ["WebSockets:ReceiveQueueCapacity"] = (o, v) => o.WebSockets.ReceiveQueueCapacity = Int(v),
        ["WebSockets:KeepAliveInterval"] = (o, v) => o.WebSockets.KeepAliveInterval = NullableTime(v),
        ["WebSockets:KeepAliveTimeout"] = (o, v) => o.WebSockets.KeepAliveTimeout = NullableTime(v),
        ["WebSockets:CloseTimeout"] = (o, v) => o.WebSockets.CloseTimeout = Time(v),
        ["WebSockets:IdleTimeout"] = (o, v) => o.WebSockets.IdleTimeout = NullableTime(v),
        ["WebSockets:EnableCompression"] = (o, v) => o.WebSockets.EnableCompression = Bool(v),
        ["WebSockets:AllowedOrigins"] = (o, v) => o.WebSockets.AllowedOrigins.Add(v),
        ["ForwardedHeaders:Enabled"] = (o, v) => o.ForwardedHeaders.Enabled = Bool(v),
        ["ForwardedHeaders:TrustUnixSocketPeers"] = (o, v) => o.ForwardedHeaders.TrustUnixSocketPeers = Bool(v),
        ["ForwardedHeaders:TrustedProxies"] = (o, v) => o.ForwardedHeaders.TrustedProxies.Add(IPNetwork.Parse(v)),
    };

    /// <summary>Keys whose values are lists (<c>Key:0</c>, <c>Key:1</c> …): configuring one replaces the defaults.</summary>
    private static readonly string[] Lists = ["WebSockets:AllowedOrigins", "ForwardedHeaders:TrustedProxies"];

    /// <summary>Maps the parameter name an options check reports (<c>MaxRequestLineSize</c>) to its configuration key.</summary>
    public static string? KeyFor(string parameterName)
    {
        foreach (var key in Setters.Keys)
        {
            if (key.EndsWith(":" + parameterName, StringComparison.Ordinal) || key == parameterName)
            {
                return $"{SectionName}:{key}";
            }
        }

        return null;
    }

    /// <summary>Applies every key of <paramref name="section"/> to <paramref name="options"/>.</summary>
    /// <exception cref="GatewayConfigurationException">A key is unknown or its value is invalid; the message names the key.</exception>
    public static void Apply(IConfigurationSection section, GatewayServerOptions options)
    {
        var listen = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var certificate = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var clearedLists = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // A Listen string (typically an environment variable or a command-line argument, which configuration merges
        // with appsettings.json's Listen list) replaces the list rather than adding to it.
        var listenOverride = section["Listen"] is not null;
        foreach (var (relative, value) in section.AsEnumerable(makePathsRelative: true).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            var key = $"{SectionName}:{relative}";
            try
            {
                if (relative.Equals("Listen", StringComparison.OrdinalIgnoreCase))
                {
                    var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    for (var i = 0; i < urls.Length; i++)
                    {
                        listen[$"Listen;{i:D4}"] = new(StringComparer.OrdinalIgnoreCase) { ["Url"] = urls[i], [""] = key };
                    }
                }
                else if (relative.StartsWith("Listen:", StringComparison.OrdinalIgnoreCase))
                {
                    if (!listenOverride)
                    {
                        AddListenSetting(listen, relative, value, key);
                    }
                }
                else if (relative.StartsWith("Certificate:", StringComparison.OrdinalIgnoreCase))
                {
                    var name = relative["Certificate:".Length..];
                    certificate[CertificateSetting(name, key)] = value;
                }
                else
                {
                    var setting = ListSetting(relative) ?? relative;
                    if (!Setters.TryGetValue(setting, out var setter))
                    {
                        throw new GatewayConfigurationException($"Configuration key '{key}' is not a Gateway server setting.");
                    }

                    if (Array.IndexOf(Lists, setting) >= 0 && clearedLists.Add(setting))
                    {
                        ClearList(options, setting);
                    }

                    setter(options, value);
                }
            }
            catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
            {
                throw new GatewayConfigurationException($"Configuration key '{key}' has an invalid value '{value}': {exception.Message}", exception);
            }
        }

        foreach (var endpoint in listen.Values)
        {
            AddEndpoint(options, endpoint, certificate);
        }
    }

    private static void AddListenSetting(SortedDictionary<string, Dictionary<string, string>> listen, string relative, string value, string key)
    {
        // Listen:0 = "http://…", or Listen:0:Url with Listen:0:Certificate:Path / KeyPath / Password.
        var parts = relative.Split(':');
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new GatewayConfigurationException($"Configuration key '{key}' is not a Gateway server setting: Listen is a list of URLs.");
        }

        var id = $"Listen:{index:D4}";
        if (!listen.TryGetValue(id, out var endpoint))
        {
            listen[id] = endpoint = new(StringComparer.OrdinalIgnoreCase) { [""] = $"{SectionName}:Listen:{index}" };
        }

        var name = parts.Length switch
        {
            2 => "Url",
            3 when parts[2].Equals("Url", StringComparison.OrdinalIgnoreCase) => "Url",
            4 when parts[2].Equals("Certificate", StringComparison.OrdinalIgnoreCase) => CertificateSetting(parts[3], key),
            _ => throw new GatewayConfigurationException($"Configuration key '{key}' is not a Gateway server setting."),
        };
        endpoint[name] = value;
    }

    private static string CertificateSetting(string name, string key) =>
        name.ToUpperInvariant() switch
        {
            "PATH" => "Path",
            "KEYPATH" => "KeyPath",
            "PASSWORD" => "Password",
            _ => throw new GatewayConfigurationException($"Configuration key '{key}' is not a certificate setting (Path, KeyPath, Password)."),
        };

    private static void AddEndpoint(GatewayServerOptions options, Dictionary<string, string> endpoint, Dictionary<string, string> defaultCertificate)
    {
        var key = endpoint[""];
        if (!endpoint.TryGetValue("Url", out var url))
        {
            throw new GatewayConfigurationException($"Configuration key '{key}' has no Url.");
        }

        if (url.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            options.ListenUnixSocket(url["unix:".Length..]);
            return;
        }

        var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!https && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayConfigurationException($"Configuration key '{key}' = '{url}': a listen URL is http://HOST:PORT, https://HOST:PORT or unix:PATH.");
        }

        var authority = url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || colon < authority.LastIndexOf(']')
            || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new GatewayConfigurationException($"Configuration key '{key}' = '{url}': the URL needs a port (0 to {IPEndPoint.MaxPort}), such as http://127.0.0.1:8000.");
        }

        var host = authority[..colon];
        IPAddress address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "[::]" => IPAddress.IPv6Any,
            _ when IPAddress.TryParse(host.Trim('[', ']'), out var parsed) => parsed,
            _ => throw new GatewayConfigurationException($"Configuration key '{key}' = '{url}': the host must be an IP address, localhost or *."),
        };

        var certificate = endpoint.ContainsKey("Path") ? endpoint : defaultCertificate;
        if (!https)
        {
            options.ListenTcp(address, port);
            return;
        }

        if (!certificate.TryGetValue("Path", out var path))
        {
            throw new GatewayConfigurationException(
                $"Configuration key '{key}' = '{url}' needs a certificate: set {key}:Certificate:Path or {SectionName}:Certificate:Path.");
        }

        options.ListenTcp(address, port, listen => listen.UseTls(path, certificate.GetValueOrDefault("KeyPath"), certificate.GetValueOrDefault("Password")));
    }

    private static string? ListSetting(string relative)
    {
        foreach (var list in Lists)
        {
            if (relative.Length > list.Length + 1 && relative.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(relative.AsSpan(list.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return list;
            }
        }

        return null;
    }

    private static void ClearList(GatewayServerOptions options, string list)
    {
        if (list.Equals("WebSockets:AllowedOrigins", StringComparison.OrdinalIgnoreCase))
        {
            options.WebSockets.AllowedOrigins.Clear();
        }
        else
        {
            options.ForwardedHeaders.TrustedProxies.Clear();
        }
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long Long(string value) => long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static long? NullableLong(string value) => IsNone(value) ? null : Long(value);

    private static bool Bool(string value) => bool.Parse(value);

    /// <summary>A TimeSpan (<c>00:00:30</c>) or a number of seconds (<c>30</c>, <c>2.5</c>).</summary>
    private static TimeSpan Time(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    private static TimeSpan? NullableTime(string value) => IsNone(value) ? null : Time(value);

    private static bool IsNone(string value) => value.Length == 0 || value.Equals("none", StringComparison.OrdinalIgnoreCase) || value.Equals("null", StringComparison.OrdinalIgnoreCase);
}