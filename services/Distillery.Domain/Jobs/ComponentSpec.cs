using Distillery.Domain.Specs;

namespace Distillery.Domain.Jobs;

/// <summary>
/// A teacher or student named by kind, with its own settings. The settings stay a located
/// node so that the component that owns them validates them and points at the exact line.
/// </summary>
public sealed record ComponentSpec(string Kind, string Name, SpecNode Settings);
