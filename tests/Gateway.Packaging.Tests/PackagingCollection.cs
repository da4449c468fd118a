namespace Gateway.Packaging.Tests;

/// <summary>Every packaging test shares one <see cref="PackedFeed"/>: the repository is packed once.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}