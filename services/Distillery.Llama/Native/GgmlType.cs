namespace Distillery.Llama.Native;

/// <summary>The <c>enum ggml_type</c> values (ggml/include/ggml.h) the binding writes tensors in.</summary>
internal enum GgmlType
{
    F32 = 0,
    F16 = 1,
}
