using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Gateway.Packaging.Tests;

/// <summary>What `unzip -l` of each package must show: its own README, the icon, the assembly with its XML docs, and a
/// symbol package whose pdb maps every source file to the repository at the built commit (SourceLink).</summary>
[Collection(PackagingCollection.Name)]
public sealed partial class PackageContentTests(PackedFeed feed)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Libraries() =>
        new(Directory.GetDirectories(Path.Combine(FindSrc())).Where(PackedFeed.IsLibrary).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Validation_ships_its_handler_generator_as_an_analyzer_with_the_props_that_enable_its_interceptors()
    {
        using var package = ZipFile.OpenRead(feed.Package("Gateway.Validation"));
        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("analyzers/dotnet/cs/Gateway.Validation.Generators.dll", names);
        Assert.Contains("build/Gateway.Validation.props", names);
        Assert.Contains("buildTransitive/Gateway.Validation.props", names);
        Assert.Contains("Gateway.Generated", Read(package, "build/Gateway.Validation.props"), StringComparison.Ordinal);
        // The generator is build-time only: no package of its own, no dependency on Roslyn.
        Assert.DoesNotContain(names, name => name.StartsWith("lib/", StringComparison.Ordinal) && name.Contains("Generators", StringComparison.Ordinal));
        Assert.DoesNotContain("Microsoft.CodeAnalysis", Read(package, "Gateway.Validation.nuspec"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_pack_produces_exactly_the_libraries_and_warns_about_nothing()
    {
        var produced = Directory.GetFiles(feed.Feed).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();
        var expected = feed.Libraries.SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" })
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, produced);
        Assert.DoesNotMatch(WarningLine(), feed.PackOutput);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_package_carries_its_own_readme_the_icon_xml_docs_and_repository_metadata(string id)
    {
        using var package = ZipFile.OpenRead(feed.Package(id));
        var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("README.md", names);
        Assert.Contains("icon.png", names);
        Assert.Contains($"lib/net10.0/{id}.dll", names);
        Assert.Contains($"lib/net10.0/{id}.xml", names);
        Assert.StartsWith($"# {id}\n", Read(package, "README.md"), StringComparison.Ordinal);
        Assert.Contains("<member name=", Read(package, $"lib/net10.0/{id}.xml"), StringComparison.Ordinal);

        var metadata = XDocument.Parse(Read(package, $"{id}.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("icon.png", Value("icon"));
        Assert.Equal("https://github.com/gateway-dotnet/gateway", Value("projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("https://github.com/gateway-dotnet/gateway", repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_symbol_package_holds_a_deterministic_pdb_whose_source_link_points_at_the_commit(string id)
    {
        string commit;
        using (var package = ZipFile.OpenRead(feed.Package(id)))
        {
            var nuspec = XDocument.Parse(Read(package, $"{id}.nuspec"));
            commit = nuspec.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value;
        }

        using var symbols = ZipFile.OpenRead(feed.Package(id, "snupkg"));
        var entry = symbols.GetEntry($"lib/net10.0/{id}.pdb");
        Assert.NotNull(entry);
        using var pdb = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Where(information => reader.GetGuid(information.Kind) == SourceLinkKind)
            .Select(information => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)))
            .SingleOrDefault();

        Assert.NotNull(sourceLink);
        Assert.Contains($"https://raw.githubusercontent.com/gateway-dotnet/gateway/{commit}/*", sourceLink, StringComparison.Ordinal);
        var documents = reader.Documents.Select(handle => reader.GetString(reader.GetDocument(handle).Name)).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.StartsWith("/_/", document, StringComparison.Ordinal));
    }

    private static string Read(ZipArchive archive, string name)
    {
        var entry = archive.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the package.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string FindSrc()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.slnx")))
            {
                return Path.Combine(directory.FullName, "src");
            }
        }

        throw new InvalidOperationException("src/ not found");
    }

    [GeneratedRegex(@"(?m)^.*\bwarning\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();
}