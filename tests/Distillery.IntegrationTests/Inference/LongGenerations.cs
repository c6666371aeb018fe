using Distillery.Contracts.Grpc.V1;

namespace Distillery.IntegrationTests.Inference;

/// <summary>
/// A generation that holds the only slot for seconds: the tiny model makes a thousand tokens in a
/// fraction of a second, so the slot is one sequence of 16,384 tokens and the answer may fill it
/// (on random weights greedy decoding rarely picks an end token).
/// </summary>
internal static class LongGenerations
{
    public static readonly string[] Settings =
    [
        "--Distillery:Inference:Models:0:ParallelSequences=1",
        "--Distillery:Inference:Models:0:ContextLength=16384",
    ];

    public static GenerateRequest Request() => new() { Model = InferenceServer.Model, Prompt = "Tell a long story:", MaxTokens = 16000 };
}
