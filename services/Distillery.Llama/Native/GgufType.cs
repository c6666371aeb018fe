namespace Distillery.Llama.Native;

/// <summary>The <c>enum gguf_type</c> values (ggml/include/gguf.h) of the arrays the binding writes.</summary>
internal enum GgufType
{
    Int32 = 5,
    Float32 = 6,
}
