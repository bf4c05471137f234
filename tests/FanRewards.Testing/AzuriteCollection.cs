namespace FanRewards.Testing;

/// <summary>
/// The test collection that shares one <see cref="AzuriteFixture"/>. xunit finds collection definitions only in
/// the test assembly itself, so each test project declares it once:
/// <code>
/// [CollectionDefinition(AzuriteCollection.Name)]
/// public sealed class AzuriteCollectionDefinition : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and marks its storage tests <c>[Collection(AzuriteCollection.Name)]</c>, taking the fixture in their constructor.
/// </summary>
public static class AzuriteCollection
{
    public const string Name = "Azurite";
}
