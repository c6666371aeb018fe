namespace Distillery.Labeling.Answers;

/// <summary>One candidate for the answer's first token and its log-probability (natural log).</summary>
public sealed record TokenAlternative(string Token, double LogProbability);
