namespace Distillery.Domain.Prompts;

/// <summary>
/// A task's prompt, rendered once from its codebook: the instructions and few-shot turns every
/// text shares (<see cref="Prefix"/>, so a local model evaluates them once), then one user turn
/// per text. <see cref="Version"/> is a hash of everything but the text, recorded with every
/// label so that a label can always be traced to the exact prompt that produced it.
/// </summary>
public sealed class ClassificationPrompt
{
    internal ClassificationPrompt(IReadOnlyList<PromptMessage> prefix, IReadOnlyList<string> labels, string version)
    {
        Prefix = prefix;
        Labels = labels;
        Version = version;
    }

    /// <summary>The system message and the few-shot examples as user/assistant turns.</summary>
    public IReadOnlyList<PromptMessage> Prefix { get; }

    /// <summary>The labels the answer must be one of, in codebook order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary><c>p-</c> and twelve hex digits: the prompt template's version and the codebook it was rendered from.</summary>
    public string Version { get; }

    /// <summary>The whole conversation for one text.</summary>
    public IReadOnlyList<PromptMessage> For(string text) => [.. Prefix, new(PromptRole.User, PromptTemplate.Question(text, Labels))];

    /// <summary>
    /// The conversation again, after an answer that was not a label: the bad answer and a
    /// stricter reminder are appended, so the model sees what it did wrong.
    /// </summary>
    public IReadOnlyList<PromptMessage> Retry(string text, string badAnswer) =>
    [
        .. For(text),
        new(PromptRole.Assistant, badAnswer),
        new(PromptRole.User, PromptTemplate.Reminder(Labels)),
    ];
}
