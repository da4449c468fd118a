using System.Globalization;
using System.Reflection;

namespace Gateway.Samples.Chat.Storage;

/// <summary>Loads the SQL scripts embedded under <c>Migrations/&lt;provider&gt;/NNNN_name.sql</c>.</summary>
internal static class EmbeddedMigrations
{
    /// <summary>The provider's migrations in version order.</summary>
    public static IReadOnlyList<Migration> Load(string provider)
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var prefix = $"Migrations/{provider}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_name.sql.");
            }

            migrations.Add(new Migration(version, fileName[(separator + 1)..], Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {provider} migrations have version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}