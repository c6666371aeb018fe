using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Distillery.Inference.Configuration;

/// <summary>
/// <c>Distillery:Inference</c>: the models to load, the folder their files are in, and whether
/// the OpenAI-compatible endpoint is served. Each model entry is validated here under its own key
/// (<c>Models:0:Path</c>), because the options validator does not descend into lists; a model file
/// that does not exist stops the start-up naming the key and the path.
/// </summary>
public sealed class InferenceOptions : IValidatableObject
{
    public const string Section = "Distillery:Inference";

    public IList<ModelOptions> Models { get; } = [];

    /// <summary>The folder relative model paths are taken from (the models volume, <c>/models</c> in the cluster); empty: the working directory.</summary>
    public string? ModelFolder { get; set; }

    /// <summary>Serve <c>/v1/models</c> and <c>/v1/chat/completions</c> beside the gRPC API.</summary>
    public bool OpenAiEndpoint { get; set; } = true;

    /// <summary>The absolute path of a model's file: its path, under <see cref="ModelFolder"/> when relative.</summary>
    public string FileOf(ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return System.IO.Path.GetFullPath(model.Path, System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(ModelFolder) ? "." : ModelFolder));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Models.Count == 0)
        {
            yield return new ValidationResult("at least one model is required (Name and Path)", [nameof(Models)]);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Models.Count; i++)
        {
            var model = Models[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"{nameof(Models)}:{i}");
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(model, new ValidationContext(model), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult(result.ErrorMessage, [.. result.MemberNames.Select(member => $"{key}:{member}")]);
            }

            if (model.Name.Length > 0 && !names.Add(model.Name))
            {
                yield return new ValidationResult($"the model name '{model.Name}' is used twice", [$"{key}:{nameof(ModelOptions.Name)}"]);
            }

            if (model.Path.Length > 0 && model.Synthetic is null && FileOf(model) is var file && !File.Exists(file))
            {
                yield return new ValidationResult($"model file '{file}' does not exist", [$"{key}:{nameof(ModelOptions.Path)}"]);
            }
        }
    }
}
