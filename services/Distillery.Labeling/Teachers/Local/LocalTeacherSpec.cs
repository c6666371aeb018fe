using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;

namespace Distillery.Labeling.Teachers.Local;

/// <summary>
/// Reads a <c>local</c> teacher from the job spec: <c>model</c> (a model name the Inference
/// service serves), <c>address</c> (its gRPC address; default <c>$DISTILLERY_INFERENCE_ADDRESS</c>,
/// else http://127.0.0.1:5002), <c>mode</c> (<c>score</c>, <c>calibrated_score</c>, <c>generate</c>,
/// or <c>auto</c>: the validation gate compares the three), <c>examples</c>, <c>batch_size</c>.
/// </summary>
public static class LocalTeacherSpec
{
    public static readonly string[] Keys = ["kind", "name", "model", "address", "mode", "examples", "batch_size"];

    public static LocalTeacherSettings Read(SpecNode spec, Func<string, string?> environment)
    {
        spec.AllowOnly(Keys);
        var model = spec.Required("model").NonEmptyText();
        var addressNode = spec.Optional("address");
        var address = addressNode?.NonEmptyText() ?? environment("DISTILLERY_INFERENCE_ADDRESS") ?? "http://127.0.0.1:5002";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw (addressNode ?? spec).Error($"address '{address}' is not an http(s) URL of the Inference service");
        }

        var modeNode = spec.Optional("mode");
        var modeName = modeNode?.NonEmptyText() ?? LocalLabelingModes.Score;
        if (!LocalLabelingModes.Accepted.Contains(modeName))
        {
            throw modeNode!.Error($"mode '{modeName}' is not one of {string.Join(", ", LocalLabelingModes.Accepted)}");
        }

        var compare = modeName == LocalLabelingModes.Auto;
        return new LocalTeacherSettings(
            uri,
            model,
            compare ? LocalTeacherMode.Score : LocalTeacherSettings.Parse(modeName),
            FewShotExamples: spec.Optional("examples")?.WholeNumber(0) ?? int.MaxValue,
            BatchSize: spec.Optional("batch_size")?.WholeNumber(1, 1024) ?? 16,
            CompareModes: compare);
    }
}
