namespace Distillery.UnitTests.Training.Finetune;

/// <summary>
/// Tests that use libtorch run one at a time: its random generator and thread count are
/// process-wide, so a module built beside a fit would change that fit's dropout masks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchTests
{
    public const string Name = "libtorch";
}
