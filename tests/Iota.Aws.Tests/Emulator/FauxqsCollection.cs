namespace Iota.Aws.Tests.Emulator;

/// <summary>Test classes marked <c>[Collection(FauxqsCollection.Name)]</c> share one emulator process.</summary>
[CollectionDefinition(Name)]
public sealed class FauxqsCollection : ICollectionFixture<FauxqsFixture>
{
    public const string Name = "fauxqs";
}
