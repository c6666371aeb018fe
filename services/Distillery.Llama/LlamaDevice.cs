namespace Distillery.Llama;

/// <summary>A compute device ggml registered (e.g. <c>CPU</c>, <c>CUDA0</c>), as its backend describes it.</summary>
public sealed record LlamaDevice(string Name, string Description);
