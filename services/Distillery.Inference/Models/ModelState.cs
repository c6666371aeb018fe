using Distillery.Inference.Configuration;
using Distillery.Inference.Engine;

namespace Distillery.Inference.Models;

/// <summary>A configured model and how far its loading got: loading (no engine, no failure), loaded, or failed.</summary>
public sealed record ModelState(ModelOptions Options, ModelEngine? Engine, Exception? Failure)
{
    public bool IsLoaded => Engine is not null;
}
