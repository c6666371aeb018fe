using Distillery.Domain.Tasks;
using Distillery.Labeling.Teachers;

namespace Distillery.Labeling.Cache;

/// <summary>A teacher whose answers are a function of model, prompt and text, and so may be cached.</summary>
public interface ICacheableTeacher : ITeacher
{
    /// <summary>The model as reports name it, whether an answer came from the teacher or the cache.</summary>
    string Model { get; }

    /// <summary>The model and every setting that changes its answers (for example the scoring mode).</summary>
    string CacheModel { get; }

    string PromptVersion(Codebook codebook);
}
