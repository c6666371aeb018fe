using System.Text.RegularExpressions;
using Distillery.IntegrationTests.Infrastructure;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// The distributed services of every test share one RabbitMQ virtual host, so two sets running
/// at once take each other's commands: a Labeling process without a test's teacher endpoint
/// failed another test's batches ("endpoint 'stand-in' is not a registered OpenAi endpoint"),
/// which made WatchResumeTests fail now and then in CI. xunit runs the tests of one collection
/// one at a time; every class that starts the services must be in theirs.
/// </summary>
public sealed partial class DistributedCollectionTests
{
    private static readonly string StartsTheServices = $"{nameof(DistributedServices)}.{nameof(DistributedServices.StartAsync)}(";

    [Fact]
    public void Every_test_class_that_starts_the_distributed_services_is_in_their_collection()
    {
        var folder = Path.Combine(RepositoryFiles.Root, "tests", "Distillery.IntegrationTests");
        var outside = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => File.ReadAllText(file).Contains(StartsTheServices, StringComparison.Ordinal) && !InCollection().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(folder, file))
            .ToList();

        Assert.Empty(outside);
    }

    [GeneratedRegex("""\[Collection\("distributed services"\)\]""")]
    private static partial Regex InCollection();
}
