namespace Distillery.Labeling.Endpoints;

/// <summary>What a registered teacher endpoint speaks.</summary>
public enum TeacherEndpointKind
{
    /// <summary>An OpenAI-compatible chat API (OpenAI, vLLM, Ollama, our Inference service's <c>/v1</c>): <c>openai</c> teachers.</summary>
    OpenAi,

    /// <summary>Our Inference service's gRPC API: <c>local</c> teachers.</summary>
    Inference,
}
