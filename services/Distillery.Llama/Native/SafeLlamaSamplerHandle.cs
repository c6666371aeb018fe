namespace Distillery.Llama.Native;

/// <summary>
/// A <c>llama_sampler *</c> (here always a chain, which owns the samplers added to it), freed with
/// <c>llama_sampler_free</c>. A grammar sampler reads its model's vocabulary, so such a chain
/// depends on the model.
/// </summary>
internal sealed class SafeLlamaSamplerHandle : DependentSafeHandle
{
    protected override void Free(nint handle) => SamplerImports.llama_sampler_free(handle);
}
