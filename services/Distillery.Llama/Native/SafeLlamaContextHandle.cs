namespace Distillery.Llama.Native;

/// <summary>A <c>llama_context *</c>, freed with <c>llama_free</c> before its model is released.</summary>
internal sealed class SafeLlamaContextHandle : DependentSafeHandle
{
    protected override void Free(nint handle) => ContextImports.llama_free(handle);
}
