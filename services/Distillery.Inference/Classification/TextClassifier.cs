using System.Text;
using Distillery.Inference.Engine;
using Distillery.Inference.Generation;

namespace Distillery.Inference.Classification;

/// <summary>
/// Classifies texts with a codebook on one model. SCORE: each text's prompt is evaluated and
/// every label's log-likelihood summed over its tokens (<see cref="ScoreWork"/>), then normalised
/// over the label set; optionally calibrated against content-free inputs. GENERATE: each text's
/// answer is generated greedily under a grammar that admits only the labels, and returned with
/// its tokens' probabilities. Every text is a sequence of its own in the engine, so the texts of
/// this call and of every other call share the engine's steps.
/// </summary>
public static class TextClassifier
{
    /// <summary>Labels a codebook may have here (each longer label takes a spare sequence while it is scored).</summary>
    public const int MaxLabels = 100;

    public static async Task<ClassificationResult> ClassifyAsync(ModelEngine engine, ClassificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var prompt = TaskPrompt.Render(engine, request.Codebook);
        var usage = engine.NewUsage();
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var labels = request.Mode == ClassificationMode.Score
            ? await ScoreAsync(engine, prompt, request, usage, call)
            : await GenerateAsync(engine, prompt, request, usage, call);
        return new ClassificationResult(labels, prompt.Version, usage.PromptTokens, usage.CachedTokens, usage.EvaluatedTokens, usage.GeneratedTokens);
    }

    private static void Validate(ClassificationRequest request)
    {
        var names = request.Codebook.LabelNames;
        if (names.Count == 0)
        {
            throw new ArgumentException("codebook.labels: at least one label is required");
        }

        if (names.Count > MaxLabels)
        {
            throw new ArgumentException($"codebook.labels: at most {MaxLabels} labels, not {names.Count}");
        }

        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("codebook.labels: every label needs a name");
        }

        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("codebook.labels: label names must be unique");
        }

        if (request.Calibrate && request.Mode != ClassificationMode.Score)
        {
            throw new ArgumentException("calibrate: only SCORE can be calibrated");
        }
    }

    private static async Task<TextLabel[]> ScoreAsync(
        ModelEngine engine, TaskPrompt prompt, ClassificationRequest request, UsageCounter usage, CancellationTokenSource call)
    {
        var trie = LabelTrie.Build(prompt.LabelTokens());
        if (trie.ForkCount > engine.SpareSequences || trie.Nodes.Count >= engine.BatchCapacity)
        {
            throw new ArgumentException(
                $"codebook.labels: scoring these labels decodes {trie.Nodes.Count} tokens in {trie.ForkCount} sequences; model '{engine.Name}' allows {engine.BatchCapacity} and {engine.SpareSequences}");
        }

        var texts = request.Texts.Select(text => text.Text).ToList();
        if (request.Calibrate)
        {
            texts.AddRange(ContextualCalibration.ContentFreeTexts);
        }

        // The tokens after the prompt: all but the last token of the longest label.
        var prompts = texts.Select(text => prompt.ForText(text, reserve: trie.LongestLabel - 1)).ToList();
        var works = prompts.Select(item => new ScoreWork(item.Tokens, trie, usage, call.Token)).ToList();
        CountPrompts(usage, prompts.Select(item => item.Tokens));
        engine.SubmitAll(works);
        var scores = await WorkSubmission.AllOrNothing([.. works.Select(work => work.Result)], call);
        var probabilities = scores.Select(score => LogProbabilities.Normalise(score)).ToList();
        if (request.Calibrate)
        {
            var contentFree = ContextualCalibration.Mean(probabilities[request.Texts.Count..]);
            probabilities = [.. probabilities.Take(request.Texts.Count).Select(p => ContextualCalibration.Apply(p, contentFree))];
        }

        return [.. request.Texts.Select((text, i) => new TextLabel(
            text.Id, prompt.Labels[ArgMax(probabilities[i])], probabilities[i], prompts[i].Truncated, []))];
    }

    private static async Task<TextLabel[]> GenerateAsync(
        ModelEngine engine, TaskPrompt prompt, ClassificationRequest request, UsageCounter usage, CancellationTokenSource call)
    {
        // Spelled byte by byte, a label takes at most as many tokens as it has bytes.
        var maxTokens = prompt.Labels.Max(label => Encoding.UTF8.GetByteCount(label));
        var settings = new GenerationSettings(maxTokens, Grammar: LabelGrammar.For(prompt.Labels));
        var prompts = request.Texts.Select(text => prompt.ForText(text.Text, reserve: maxTokens)).ToList();
        var works = prompts.Select(item => new GenerationWork(engine.Model, item.Tokens, settings, item.Truncated, usage, call.Token)).ToList();
        CountPrompts(usage, prompts.Select(item => item.Tokens));
        engine.SubmitAll(works);
        await WorkSubmission.AllOrNothing([.. works.Select(work => work.Summary)], call);
        return [.. request.Texts.Select((text, i) =>
        {
            var tokens = new List<GeneratedToken>();
            while (works[i].Tokens.TryRead(out var token))
            {
                tokens.Add(token);
            }

            var answer = Encoding.UTF8.GetString([.. tokens.SelectMany(token => token.Bytes)]);
            return new TextLabel(
                text.Id,
                prompt.Labels.Contains(answer, StringComparer.Ordinal) ? answer : string.Empty,
                [],
                prompts[i].Truncated,
                [.. tokens.Select(token => new LabelToken(Encoding.UTF8.GetString(token.Bytes), Math.Exp(token.LogProbability)))]);
        })];
    }

    private static void CountPrompts(UsageCounter usage, IEnumerable<PromptTokens> prompts)
    {
        foreach (var prompt in prompts)
        {
            usage.AddPrompt(prompt.Length);
        }
    }

    private static int ArgMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
